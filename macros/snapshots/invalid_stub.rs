::core::compile_error! {
    "unknown HTTP method `DELTE`; did you mean `DELETE`?; Atlas serves GET, POST, PUT, PATCH and DELETE"
}
::core::compile_error! {
    "unexpected string: the path template was already given; flags are `deprecated`, `deprecated = \"note\"`, `version = \"YYYY-MM-DD\"` and `media = \"csv\"|\"gzip\"`"
}
#[allow(unused_variables, clippy::diverging_sub_expression)]
pub async fn delete_org(client: &Client, org_id: &str) -> Result<()> {
    ::core::unreachable!("this endpoint declaration did not compile")
}
