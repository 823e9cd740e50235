::core::compile_error! {
    "unknown HTTP method `DELTE`: Atlas serves GET, POST, PUT, PATCH and DELETE; did you mean `DELETE`?"
}
#[allow(unused_variables, clippy::diverging_sub_expression)]
pub async fn delete_org(client: &Client, org_id: &str) -> Result<()> {
    ::core::unreachable!("this endpoint declaration did not compile")
}
