//! Query and header values, and request bodies.

use std::borrow::Cow;

/// A value that can be sent as a query parameter or header: strings, booleans, numbers,
/// `Option` (`None` is omitted) and sequences (each element repeats the name).
///
/// Implement it for your own enums to pass them directly.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent as a query parameter or header value",
    label = "use a string, bool, number, Option or Vec of those, or implement `atlas_endpoint::ParamValue`"
)]
pub trait ParamValue {
    /// Calls `push` once per value to send (zero times for `None`, once per element of a sequence).
    fn for_each_value(&self, push: &mut dyn FnMut(Cow<'_, str>));
}

impl ParamValue for str {
    fn for_each_value(&self, push: &mut dyn FnMut(Cow<'_, str>)) {
        push(Cow::Borrowed(self));
    }
}

impl ParamValue for String {
    fn for_each_value(&self, push: &mut dyn FnMut(Cow<'_, str>)) {
        push(Cow::Borrowed(self));
    }
}

impl ParamValue for bool {
    fn for_each_value(&self, push: &mut dyn FnMut(Cow<'_, str>)) {
        push(Cow::Borrowed(if *self { "true" } else { "false" }));
    }
}

macro_rules! display_values {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn for_each_value(&self, push: &mut dyn FnMut(Cow<'_, str>)) {
                push(Cow::Owned(self.to_string()));
            }
        }
    )*};
}
display_values!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64
);

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn for_each_value(&self, push: &mut dyn FnMut(Cow<'_, str>)) {
        (**self).for_each_value(push);
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn for_each_value(&self, push: &mut dyn FnMut(Cow<'_, str>)) {
        if let Some(value) = self {
            value.for_each_value(push);
        }
    }
}

impl<T: ParamValue> ParamValue for [T] {
    fn for_each_value(&self, push: &mut dyn FnMut(Cow<'_, str>)) {
        for value in self {
            value.for_each_value(push);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn for_each_value(&self, push: &mut dyn FnMut(Cow<'_, str>)) {
        self.as_slice().for_each_value(push);
    }
}

/// A value that can be the JSON request body: anything that implements `serde::Serialize`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the request body: it does not implement `serde::Serialize`",
    label = "the #[body] parameter is sent as JSON",
    note = "add #[derive(serde::Serialize)] to the type"
)]
pub trait RequestBody {
    /// The body as JSON bytes.
    fn to_json(&self) -> serde_json::Result<Vec<u8>>;
}

impl<T: serde::Serialize + ?Sized> RequestBody for T {
    fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        serde_json::to_vec(self)
    }
}
