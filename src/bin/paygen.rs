fn main() -> std::process::ExitCode {
    paygen::cli::main()
}
