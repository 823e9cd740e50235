//! The runtime's half of the type-to-kind table (`table.rs`): every type's `AtlasJson` shape.
use atlas_endpoint::{AtlasJson, JsonKind};

macro_rules! type_kinds {
    ($($how:ident $ty:ty => $kind:ident, $item:ident, $optional:literal;)*) => {
        #[test]
        fn the_runtime_shapes_every_type_of_the_table() {
            let mut checked = 0;
            $(
                let shape = <$ty as AtlasJson>::SHAPE;
                assert_eq!(
                    (shape.kind, shape.item, shape.optional),
                    (JsonKind::$kind, JsonKind::$item, $optional),
                    "{}",
                    stringify!($ty)
                );
                checked += 1;
            )*
            assert_eq!(checked, 35, "the table's rows");
        }
    };
}

include!("table.rs");
