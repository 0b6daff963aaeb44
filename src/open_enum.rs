//! Open enums: every enum the server sends keeps values this version does not know.

/// Declares an enum of known string values plus `Unknown(String)` for everything else.
///
/// The code generator emits one of these for every enum in a spec; hand-written code uses it
/// the same way. Parsing never fails: an unknown value is kept, and written back unchanged.
///
/// ```
/// paygen::open_enum! {
///     /// How a refund is paid out.
///     pub enum Speed {
///         /// `STANDARD`
///         Standard = "STANDARD",
///         /// `INSTANT`
///         Instant = "INSTANT",
///     }
/// }
/// let s: Speed = serde_json::from_str("\"INSTANT\"").unwrap();
/// assert_eq!(s, Speed::Instant);
/// let u: Speed = serde_json::from_str("\"WARP\"").unwrap();
/// assert_eq!(u, Speed::Unknown("WARP".into()));
/// assert_eq!(serde_json::to_string(&u).unwrap(), "\"WARP\"");
/// assert!(!u.is_known());
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of paygen does not know, kept as sent.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every value this version knows, in the order the spec lists them.
            pub const KNOWN: &'static [&'static str] = &[$($value),*];

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(other) => other.as_str(),
                }
            }

            /// False for a value this version does not know.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $( Self::$variant => f.write_str(stringify!($variant)), )*
                    Self::Unknown(other) => f.debug_tuple("Unknown").field(other).finish(),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::FlexString::deserialize_text(d, |text| Self::from(text.as_ref()))
            }
        }
    };
}
