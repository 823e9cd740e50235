///
/// **Atlas endpoint:** `POST /api/atlas/v2/groups/{groupId}/clusters/{clusterName}:pause` (resource version `2026-06-01`); `pause_cluster::ENDPOINT` describes it and `pause_cluster::request(…)` builds its request without sending it.
/// Not checked against the catalog (`unchecked`).
pub async fn pause_cluster(
    client: &Client,
    group_id: &str,
    cluster_name: &str,
) -> Result<()> {
    #[allow(deprecated)]
    let request = pause_cluster::request(client, group_id, cluster_name)?;
    ::atlas_endpoint::__private::client(client).send(request).await?.into_unit()
}
/// The Atlas endpoint behind [`pause_cluster()`](fn@pause_cluster): `pause_cluster::ENDPOINT` describes it and `pause_cluster::request(…)` builds its request without sending it.
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct pause_cluster {}
::atlas_endpoint::__private::register!(& pause_cluster::ENDPOINT);
impl pause_cluster {
    /// What Atlas serves at this endpoint.
    pub const ENDPOINT: ::atlas_endpoint::__private::Endpoint = ::atlas_endpoint::__private::Endpoint {
        operation: "pause_cluster",
        module: ::core::module_path!(),
        function: "pause_cluster",
        method: ::atlas_endpoint::__private::Method::POST,
        template: "/groups/<groupId>/clusters/<clusterName>:pause",
        pieces: &[
            ::atlas_endpoint::__private::Piece::Literal("/groups/"),
            ::atlas_endpoint::__private::Piece::Param(0usize),
            ::atlas_endpoint::__private::Piece::Literal("/clusters/"),
            ::atlas_endpoint::__private::Piece::Param(1usize),
            ::atlas_endpoint::__private::Piece::Literal(":pause"),
        ],
        params: &[
            ::atlas_endpoint::__private::PathParam {
                name: "groupId",
                pattern: ::core::option::Option::None,
            },
            ::atlas_endpoint::__private::PathParam {
                name: "clusterName",
                pattern: ::core::option::Option::None,
            },
        ],
        version: "2026-06-01",
        media: ::atlas_endpoint::__private::Media::Json,
        deprecation: ::core::option::Option::None,
        catalogued: ::core::option::Option::None,
    };
    /// Builds the request, validating and encoding every argument, without sending it.
    pub fn request(
        client: &Client,
        group_id: &str,
        cluster_name: &str,
    ) -> ::atlas_endpoint::__private::Result<::atlas_endpoint::__private::Request> {
        ::atlas_endpoint::__private::client(client)
            .prepare(&Self::ENDPOINT)
            .path(
                &[
                    ::atlas_endpoint::__private::path_arg(&group_id),
                    ::atlas_endpoint::__private::path_arg(&cluster_name),
                ],
            )
            .build()
    }
}
