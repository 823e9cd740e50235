///
/// **Atlas endpoint:** `GET /api/atlas/v2/groups/{groupId}/clusters/{hostName}/logs/{logName}.gz` (resource version `2023-02-01`); `download_cluster_log::ENDPOINT` describes it and `download_cluster_log::request(…)` builds its request without sending it.
/// Atlas operation `downloadGroupClusterLog` (formerly `downloadClusterLog`); answers 200.
/// Atlas documentation: <https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Monitoring-and-Logs/operation/downloadGroupClusterLog>.
/// Resource versions Atlas serves: 2023-01-01 (sunset 2027-07-01), 2023-02-01; pin one with `version = "…"`.
/// Answer: Atlas's `string`.
/// Query parameters Atlas accepts: `endDate` (integer), `startDate` (integer).
/// Required roles: Project Cluster Log Viewer, Project Data Access Admin, Project Data Access Read Only, Project Data Access Read Write, Project Stream Processing Owner.
///
/// Parameters sent outside the path:
///
/// - `start`: query parameter `startDate`
pub async fn download_cluster_log(
    client: &Client,
    group_id: &str,
    host_name: &str,
    log_name: &str,
    start: Option<i64>,
) -> Result<Vec<u8>> {
    #[allow(deprecated)]
    let request = download_cluster_log::request(
        client,
        group_id,
        host_name,
        log_name,
        start,
    )?;
    ::atlas_endpoint::__private::client(client)
        .send(request)
        .await?
        .into_bytes()
        .map(::core::convert::Into::into)
}
/// The Atlas endpoint behind [`download_cluster_log()`](fn@download_cluster_log): `download_cluster_log::ENDPOINT` describes it and `download_cluster_log::request(…)` builds its request without sending it.
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct download_cluster_log {}
::atlas_endpoint::__private::register!(& download_cluster_log::ENDPOINT);
impl download_cluster_log {
    /// What Atlas serves at this endpoint.
    pub const ENDPOINT: ::atlas_endpoint::__private::Endpoint = ::atlas_endpoint::__private::Endpoint {
        operation: "downloadGroupClusterLog",
        module: ::core::module_path!(),
        function: "download_cluster_log",
        method: ::atlas_endpoint::__private::Method::GET,
        template: "/groups/<groupId>/clusters/<hostName>/logs/<logName>.gz",
        pieces: &[
            ::atlas_endpoint::__private::Piece::Literal("/groups/"),
            ::atlas_endpoint::__private::Piece::Param(0usize),
            ::atlas_endpoint::__private::Piece::Literal("/clusters/"),
            ::atlas_endpoint::__private::Piece::Param(1usize),
            ::atlas_endpoint::__private::Piece::Literal("/logs/"),
            ::atlas_endpoint::__private::Piece::Param(2usize),
            ::atlas_endpoint::__private::Piece::Literal(".gz"),
        ],
        params: &[
            ::atlas_endpoint::__private::PathParam {
                name: "groupId",
                pattern: ::core::option::Option::Some("^([a-f0-9]{24})$"),
            },
            ::atlas_endpoint::__private::PathParam {
                name: "hostName",
                pattern: ::core::option::Option::Some(
                    "^([0-9]{1,3}\\.){3}[0-9]{1,3}|([0-9a-f]{1,4}:){7}([0-9a-f]{1,4})|(([a-z0-9-]+\\.){1,10}[a-z]+)?$",
                ),
            },
            ::atlas_endpoint::__private::PathParam {
                name: "logName",
                pattern: ::core::option::Option::None,
            },
        ],
        version: "2023-02-01",
        media: ::atlas_endpoint::__private::Media::Gzip,
        deprecation: ::core::option::Option::None,
        catalogued: ::atlas_endpoint::__private::catalogued!(
            ::atlas_endpoint::__private::Catalogued { former_id :
            ::core::option::Option::Some("downloadClusterLog"), roles : &
            ["Project Cluster Log Viewer", "Project Data Access Admin",
            "Project Data Access Read Only", "Project Data Access Read Write",
            "Project Stream Processing Owner"], sunset : ::core::option::Option::None,
            newest_version : "2023-02-01", docs_url :
            ::core::option::Option::Some("https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Monitoring-and-Logs/operation/downloadGroupClusterLog"),
            }
        ),
    };
    /// Builds the request, validating and encoding every argument, without sending it.
    pub fn request(
        client: &Client,
        group_id: &str,
        host_name: &str,
        log_name: &str,
        start: Option<i64>,
    ) -> ::atlas_endpoint::__private::Result<::atlas_endpoint::__private::Request> {
        ::atlas_endpoint::__private::client(client)
            .prepare(&Self::ENDPOINT)
            .path(
                &[
                    ::atlas_endpoint::__private::path_arg(&group_id),
                    ::atlas_endpoint::__private::path_arg(&host_name),
                    ::atlas_endpoint::__private::path_arg(&log_name),
                ],
            )
            .query("startDate", ::atlas_endpoint::__private::query_arg(&start))
            .build()
    }
}
