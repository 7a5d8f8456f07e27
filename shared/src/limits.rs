//! Length limits of every text a request carries, declared beside the request types.
//!
//! The API checks them for every JSON body and query string before a handler runs (its `Json`
//! and `Query` extractors require [`Bounded`]), so an oversized name or note is refused with a
//! sentence naming the field and its limit, before anything is read from or written to the
//! database. The app can run the same check on a form before sending it.

/// Names, user names, codes, ids, dates, phone numbers.
pub const SHORT: usize = 64;
/// A title, an address, a file name, a place.
pub const LINE: usize = 200;
/// A remark, a reason, one question or answer.
pub const NOTE: usize = 2_000;
/// The running text of a record (检查情况).
pub const TEXT: usize = 20_000;
/// Passwords (argon2 hashes whatever it gets; longer ones only cost time).
pub const PASSWORD: usize = 128;
/// Opaque tokens and keys (a refresh token, a device's public key).
pub const TOKEN: usize = 512;
/// A signature drawn on the screen, as a `data:image/png;base64,…` URL, in bytes.
pub const DATA_URL: usize = 512 * 1024;
/// Search texts in query strings.
pub const QUERY: usize = 200;

/// What a list may hold at most, when a list is bounded by itself.
pub const LIST: usize = 1_000;

/// The first field found over its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLong {
    /// Path of the field in the request, e.g. `ops[3].body.record.signatures[0].image`.
    pub field: String,
    /// The field's Chinese name, e.g. `签名图片`.
    pub label: &'static str,
    pub max: usize,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Chars,
    Bytes,
    Items,
}

impl TooLong {
    /// The sentence shown to a person, in Chinese: the field and its limit.
    pub fn reason(&self) -> String {
        match self.unit {
            Unit::Chars => format!("{}不能超过{}个字符", self.label, self.max),
            Unit::Bytes if self.max >= 1024 && self.max.is_multiple_of(1024) => {
                format!("{}不能超过{}KB", self.label, self.max / 1024)
            }
            Unit::Bytes => format!("{}不能超过{}字节", self.label, self.max),
            Unit::Items => format!("{}不能超过{}项", self.label, self.max),
        }
    }
}

/// A request type whose texts and lists have limits.
pub trait Bounded {
    fn bounds(&self, b: &mut Bounds);
}

/// Refuses `value` when any of its fields is over its limit.
pub fn check<T: Bounded + ?Sized>(value: &T) -> Result<(), TooLong> {
    let mut b = Bounds::default();
    value.bounds(&mut b);
    b.first.map_or(Ok(()), Err)
}

/// Collects the first field over its limit while a [`Bounded`] value walks its fields.
#[derive(Debug, Default)]
pub struct Bounds {
    prefix: String,
    first: Option<TooLong>,
}

impl Bounds {
    fn path(&self, field: &str) -> String {
        if self.prefix.is_empty() {
            field.to_string()
        } else {
            format!("{}.{field}", self.prefix)
        }
    }

    fn refuse(&mut self, field: &str, label: &'static str, max: usize, unit: Unit) {
        if self.first.is_none() {
            self.first = Some(TooLong {
                field: self.path(field),
                label,
                max,
                unit,
            });
        }
    }

    /// At most `max` characters.
    pub fn text(&mut self, field: &str, label: &'static str, value: &str, max: usize) -> &mut Self {
        // A string of at most `max` bytes has at most `max` characters: count only past that.
        if value.len() > max && value.chars().count() > max {
            self.refuse(field, label, max, Unit::Chars);
        }
        self
    }

    /// At most `max` characters, when present.
    pub fn opt(
        &mut self,
        field: &str,
        label: &'static str,
        value: Option<&str>,
        max: usize,
    ) -> &mut Self {
        self.text(field, label, value.unwrap_or(""), max)
    }

    /// At most `max` bytes (data URLs and other encoded payloads).
    pub fn bytes(
        &mut self,
        field: &str,
        label: &'static str,
        value: &str,
        max: usize,
    ) -> &mut Self {
        if value.len() > max {
            self.refuse(field, label, max, Unit::Bytes);
        }
        self
    }

    /// At most `max_items` texts of at most `max_len` characters each.
    pub fn texts(
        &mut self,
        field: &str,
        label: &'static str,
        values: &[String],
        max_items: usize,
        max_len: usize,
    ) -> &mut Self {
        self.count(field, label, values.len(), max_items);
        for (i, v) in values.iter().enumerate() {
            self.text(&format!("{field}[{i}]"), label, v, max_len);
        }
        self
    }

    /// At most `max_items` entries, each within its own limits.
    pub fn each<T: Bounded>(
        &mut self,
        field: &str,
        label: &'static str,
        items: &[T],
        max_items: usize,
    ) -> &mut Self {
        self.count(field, label, items.len(), max_items);
        for (i, item) in items.iter().enumerate() {
            self.nested(&format!("{field}[{i}]"), item);
        }
        self
    }

    /// A nested value within its own limits.
    pub fn nested<T: Bounded + ?Sized>(&mut self, field: &str, value: &T) -> &mut Self {
        if self.first.is_some() {
            return self;
        }
        let outer = std::mem::take(&mut self.prefix);
        self.prefix = if outer.is_empty() {
            field.to_string()
        } else {
            format!("{outer}.{field}")
        };
        value.bounds(self);
        self.prefix = outer;
        self
    }

    /// At most `max` entries of a list whose entries have no texts (roles, numbers).
    pub fn count(&mut self, field: &str, label: &'static str, len: usize, max: usize) -> &mut Self {
        if len > max {
            self.refuse(field, label, max, Unit::Items);
        }
        self
    }
}

/// A type without texts of its own (numbers, booleans, enums) has nothing to bound.
#[macro_export]
macro_rules! unbounded {
    ($($t:ty),* $(,)?) => {
        $(impl $crate::limits::Bounded for $t {
            fn bounds(&self, _: &mut $crate::limits::Bounds) {}
        })*
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Inner {
        image: String,
    }
    impl Bounded for Inner {
        fn bounds(&self, b: &mut Bounds) {
            b.bytes("image", "签名图片", &self.image, 8);
        }
    }
    struct Outer {
        name: String,
        inner: Vec<Inner>,
    }
    impl Bounded for Outer {
        fn bounds(&self, b: &mut Bounds) {
            b.text("name", "名称", &self.name, 3)
                .each("inner", "签名", &self.inner, 2);
        }
    }

    #[test]
    fn names_the_first_field_over_its_limit() {
        let ok = Outer {
            name: "生态局".into(),
            inner: vec![],
        };
        assert_eq!(check(&ok), Ok(()), "three characters, nine bytes");
        let long = Outer {
            name: "生态环境局".into(),
            inner: vec![],
        };
        let e = check(&long).expect_err("too long");
        assert_eq!(e.field, "name");
        assert_eq!(e.reason(), "名称不能超过3个字符");
        let nested = Outer {
            name: "a".into(),
            inner: vec![
                Inner { image: "x".into() },
                Inner {
                    image: "0123456789".into(),
                },
            ],
        };
        let e = check(&nested).expect_err("image too large");
        assert_eq!(e.field, "inner[1].image");
        assert_eq!(e.reason(), "签名图片不能超过8字节");
        let many = Outer {
            name: "a".into(),
            inner: (0..3).map(|_| Inner { image: "x".into() }).collect(),
        };
        assert_eq!(
            check(&many).expect_err("too many").reason(),
            "签名不能超过2项"
        );
    }
}
