//! [`TypedBody`]: the JSON body an operation builder holds until it sends.

use std::fmt::Display;

/// A generated operation builder's struct body: the typed value as the caller gave it, so
/// sending it neither converts nor moves it through the builder form; the builder form
/// (`types::builder::X`) only once `body_map` asks for it. `T` is the body's type, `B` its
/// typify builder. (Generated code only; see `codegen/src/typed_body.rs`.)
#[derive(Debug, Clone)]
pub(crate) enum TypedBody<T, B> {
    /// Never given: the body is what an empty builder makes.
    Unset,
    /// Given typed (`.body(x)`).
    Given(T),
    /// Changed through its builder form (`.body_map(f)`); boxed, being the rare case.
    Built(Box<B>),
    /// The value given did not convert: the conversion's message.
    Failed(String),
}

impl<T, B> TypedBody<T, B>
where
    B: Default + From<T>,
    T: TryFrom<B>,
    <T as TryFrom<B>>::Error: Display,
{
    /// The body `.body(x)` sets: `x`, or why it did not convert.
    pub(crate) fn given(value: Result<T, String>) -> Self {
        match value {
            Ok(value) => TypedBody::Given(value),
            Err(message) => TypedBody::Failed(message),
        }
    }

    /// The body after `f` changes its builder form (a failed conversion stays failed).
    pub(crate) fn map_builder(self, f: impl FnOnce(B) -> B) -> Self {
        let builder = match self {
            TypedBody::Unset => B::default(),
            TypedBody::Given(value) => B::from(value),
            TypedBody::Built(builder) => *builder,
            TypedBody::Failed(message) => return TypedBody::Failed(message),
        };
        TypedBody::Built(Box::new(f(builder)))
    }

    /// The typed body to send, or the message of why there is none (a required field the
    /// builder form lacks, or a conversion that failed).
    pub(crate) fn into_typed(self) -> Result<T, String> {
        match self {
            TypedBody::Given(value) => Ok(value),
            TypedBody::Unset => T::try_from(B::default()).map_err(|e| e.to_string()),
            TypedBody::Built(builder) => T::try_from(*builder).map_err(|e| e.to_string()),
            TypedBody::Failed(message) => Err(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TypedBody;

    /// A body type whose builder form needs `amount`.
    #[derive(Debug, PartialEq)]
    struct Body {
        amount: u32,
        note: Option<String>,
    }

    #[derive(Default)]
    struct Builder {
        amount: Option<u32>,
        note: Option<String>,
    }

    impl From<Body> for Builder {
        fn from(b: Body) -> Builder {
            Builder {
                amount: Some(b.amount),
                note: b.note,
            }
        }
    }

    impl TryFrom<Builder> for Body {
        type Error = String;
        fn try_from(b: Builder) -> Result<Body, String> {
            Ok(Body {
                amount: b.amount.ok_or("no value supplied for amount")?,
                note: b.note,
            })
        }
    }

    type Held = TypedBody<Body, Builder>;

    #[test]
    fn a_body_never_given_is_what_an_empty_builder_makes() {
        assert_eq!(
            Held::Unset.into_typed().unwrap_err(),
            "no value supplied for amount"
        );
        let built = Held::Unset.map_builder(|b| Builder {
            amount: Some(5),
            ..b
        });
        assert_eq!(
            built.into_typed().unwrap(),
            Body {
                amount: 5,
                note: None
            }
        );
    }

    #[test]
    fn a_given_body_is_sent_as_given_and_body_map_changes_it() {
        let given = || {
            Held::given(Ok(Body {
                amount: 7,
                note: Some("n".into()),
            }))
        };
        assert_eq!(
            given().into_typed().unwrap(),
            Body {
                amount: 7,
                note: Some("n".into())
            }
        );
        let mapped = given().map_builder(|b| Builder { note: None, ..b });
        assert_eq!(
            mapped.into_typed().unwrap(),
            Body {
                amount: 7,
                note: None
            }
        );
    }

    #[test]
    fn a_failed_conversion_stays_failed() {
        let failed = Held::given(Err("conversion to `Body` for body failed: bad".into()));
        let failed = failed.map_builder(|b| Builder {
            amount: Some(1),
            ..b
        });
        assert_eq!(
            failed.into_typed().unwrap_err(),
            "conversion to `Body` for body failed: bad"
        );
    }
}
