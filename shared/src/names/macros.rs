//! Boilerplate shared by the string newtypes in this module.

/// Implements the string conversions of a newtype that has `parse(&str) -> Result<Self, $error>`
/// and `as_str(&self) -> &str`: `Display`, `AsRef<str>`, `FromStr`, `TryFrom<String>`,
/// `TryFrom<&str>` and `From<Self> for String` (the last two back the serde attributes
/// `try_from = "String"` and `into = "String"`).
macro_rules! string_newtype {
    ($name:ident, $error:ty) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $error;
            fn from_str(input: &str) -> Result<Self, Self::Err> {
                Self::parse(input)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $error;
            fn try_from(input: String) -> Result<Self, Self::Error> {
                Self::parse(&input)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $error;
            fn try_from(input: &str) -> Result<Self, Self::Error> {
                Self::parse(input)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.as_str().to_owned()
            }
        }
    };
}

pub(crate) use string_newtype;

/// Describes a character for an error message without echoing anything invisible:
/// printable ASCII is quoted, everything else is given as its code point.
pub(crate) fn describe_char(character: &char) -> String {
    match character {
        ' ' => "' ' (space)".to_owned(),
        c if c.is_ascii_graphic() => format!("'{c}'"),
        c => format!("U+{:04X}", u32::from(*c)),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_char;

    #[test]
    fn invisible_characters_are_described_by_code_point() {
        assert_eq!(describe_char(&'_'), "'_'");
        assert_eq!(describe_char(&' '), "' ' (space)");
        assert_eq!(describe_char(&'\u{0}'), "U+0000");
        assert_eq!(describe_char(&'\u{202E}'), "U+202E");
        assert_eq!(describe_char(&'é'), "U+00E9");
    }
}
