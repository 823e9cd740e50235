// Which JSON kind each Rust type is, for the model and endpoint checks: one table, run against
// the macros' reading of types (`macros/src/model/readable.rs`, judged at macro time) and the
// runtime's `AtlasJson` shapes (`tests/type_kinds/main.rs`, judged by the compiler), so the two
// cannot drift. `read`: the macros judge the type themselves and must agree with the runtime;
// `compiler`: the macros leave it to the type's `AtlasJson` shape. Columns: kind, items' kind,
// whether it is an `Option`.
type_kinds! {
    read String => String, None, false;
    read &'static str => String, None, false;
    read std::borrow::Cow<'static, str> => String, None, false;
    read char => String, None, false;
    read bool => Boolean, None, false;
    read i8 => Integer, None, false;
    read i32 => Integer, None, false;
    read i64 => Integer, None, false;
    read u8 => Integer, None, false;
    read u32 => Integer, None, false;
    read u64 => Integer, None, false;
    read usize => Integer, None, false;
    read f32 => Number, None, false;
    read f64 => Number, None, false;
    read Option<u32> => Integer, None, true;
    read Option<Option<bool>> => Boolean, None, true;
    read Box<String> => String, None, false;
    read Option<Box<f64>> => Number, None, true;
    read &'static [String] => Array, String, false;
    read [u8; 4] => Array, Integer, false;
    read Vec<String> => Array, String, false;
    read Vec<Vec<i64>> => Array, Array, false;
    read Option<Vec<bool>> => Array, Boolean, true;
    read std::collections::VecDeque<u16> => Array, Integer, false;
    read std::collections::HashSet<String> => Array, String, false;
    read std::collections::BTreeSet<String> => Array, String, false;
    read std::collections::HashMap<String, u32> => Map, Integer, false;
    read std::collections::BTreeMap<String, Vec<String>> => Map, Array, false;
    read serde_json::Map<String, serde_json::Value> => Map, Any, false;
    read serde_json::Value => Any, None, false;
    read Option<serde_json::Value> => Any, None, true;
    compiler std::rc::Rc<str> => String, None, false;
    compiler std::sync::Arc<str> => String, None, false;
    compiler atlas_endpoint::Page<String> => Page, String, false;
    compiler Option<atlas_endpoint::Page<u32>> => Page, Integer, true;
}
