//! The one declaration of a vocabulary enum.
//!
//! `vocabulary! { /// docs  pub enum Name: Display { /// docs  Variant = "name", … } }`
//! writes the enum as given (`#[non_exhaustive]`, `Copy`, `Eq`, `Hash`, serde and schema
//! derives; an enum with an order adds `#[derive(PartialOrd, Ord)]`), with each variant's JSON
//! name set to its `"name"`, and derives from the same list:
//!
//! - `ALL`: every value, in the order of the declaration;
//! - `as_str`: the stable snake_case name, the same as the JSON form and the name the record
//!   format hashes (see the [`format`](mod@crate::format) page);
//! - with `: Display`, a `Display` that writes that name (without it, the enum writes its own
//!   `Display` for people, as `Band` does: "at risk").
//!
//! So a variant is added in one place, and its name, its JSON form and `ALL` cannot drift
//! apart.

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $ty:ident $(: $display:ident)? {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        pub enum $ty {
            $(
                $(#[$vmeta])*
                #[cfg_attr(feature = "serde", serde(rename = $text))]
                $variant,
            )*
        }

        impl $ty {
            /// Every value, in the order of the declaration.
            pub const ALL: [$ty; [$($text),*].len()] = [$($ty::$variant),*];

            /// The stable snake_case name: the same as the JSON form, and the name the
            /// record format hashes (see the [`format`](mod@crate::format) page).
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $text,)*
                }
            }
        }

        $(vocabulary!(@$display $ty);)?
    };
    (@Display $ty:ident) => {
        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
