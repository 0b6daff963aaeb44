fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let fam = &paygen_codegen::FAMILIES[0];
    match paygen_codegen::generate(fam, &text) { Ok(s) => print!("{s}"), Err(e) => { eprintln!("{e}"); std::process::exit(1) } }
}
