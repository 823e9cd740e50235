///
/// **Atlas endpoint:** `POST /api/atlas/v2/groups/{groupId}/clusters` (resource version `2024-10-23`). See [`create_cluster::ENDPOINT`].
/// Atlas operation `createCluster`; answers 201.
/// Required roles: Project Cluster Creator.
///
/// Parameters sent outside the path:
///
/// - `cluster`: the JSON request body
pub async fn create_cluster(
    client: &Client,
    group_id: &str,
    cluster: &ClusterDescription,
) -> Result<ClusterDescription> {
    #[allow(deprecated)]
    let request = create_cluster::request(client, group_id, cluster)?;
    ::atlas_endpoint::__private::client(client).send(request).await?.into_json()
}
/// The Atlas endpoint behind [`create_cluster()`](fn@create_cluster): `create_cluster::ENDPOINT` describes it and `create_cluster::request(…)` builds its request without sending it.
#[allow(non_camel_case_types)]
pub struct create_cluster {}
impl create_cluster {
    /// What Atlas serves at this endpoint.
    pub const ENDPOINT: ::atlas_endpoint::Endpoint = ::atlas_endpoint::Endpoint {
        operation: "createCluster",
        method: ::atlas_endpoint::Method::POST,
        template: "/groups/<groupId>/clusters",
        pieces: &[
            ::atlas_endpoint::__private::Piece::Literal("/groups/"),
            ::atlas_endpoint::__private::Piece::Param(0usize),
            ::atlas_endpoint::__private::Piece::Literal("/clusters"),
        ],
        params: &[
            ::atlas_endpoint::__private::PathParam {
                name: "groupId",
                pattern: ::core::option::Option::Some("^([a-f0-9]{24})$"),
            },
        ],
        version: "2024-10-23",
        media: ::atlas_endpoint::Media::Json,
        deprecation: ::core::option::Option::None,
    };
    /// Builds the request, validating and encoding every argument, without sending it.
    pub fn request(
        client: &Client,
        group_id: &str,
        cluster: &ClusterDescription,
    ) -> ::atlas_endpoint::Result<::atlas_endpoint::Request> {
        ::atlas_endpoint::__private::client(client)
            .prepare(&Self::ENDPOINT)
            .path(&[::atlas_endpoint::__private::path_arg(&group_id)])
            .json(::atlas_endpoint::__private::body_arg(&cluster))
            .build()
    }
}
