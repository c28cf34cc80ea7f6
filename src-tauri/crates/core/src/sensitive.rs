//! `Sensitive<T>`: a secret that cannot leak by accident. It deserialises (a password
//! arrives from the window) but never serialises, and prints as `[redacted]`.

use serde::{Deserialize, Deserializer};
use std::fmt;

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// The secret itself. Every call is a place to review.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Sensitive)
    }
}

impl From<&str> for Sensitive<String> {
    fn from(s: &str) -> Self {
        Sensitive(s.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints() {
        let s = Sensitive::new("hunter2-but-longer".to_owned());
        assert_eq!(format!("{s:?} {s}"), "[redacted] [redacted]");
        let back: Sensitive<String> = serde_json::from_str("\"x\"").unwrap();
        assert_eq!(back.expose(), "x");
    }
}
