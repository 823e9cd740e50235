///
/// **Atlas endpoint:** `POST /api/atlas/v2/groups/{groupId}/clusters` (resource version `2024-08-05`). See [`create_cluster::ENDPOINT`].
pub async fn create_cluster(
    client: &Client,
    group_id: &str,
    cluster: &ClusterDescription,
    pretty: Option<bool>,
    effective: Option<bool>,
) -> Result<ClusterDescription> {
    #[allow(deprecated)]
    let request = create_cluster::request(client, group_id, cluster, pretty, effective)?;
    ::atlas_endpoint::__private::client(client).send(request).await?.into_json()
}
/// The Atlas endpoint behind [`create_cluster()`](fn@create_cluster): `create_cluster::ENDPOINT` describes it and `create_cluster::request(…)` builds its request without sending it.
#[allow(non_camel_case_types)]
pub struct create_cluster {}
impl create_cluster {
    /// What Atlas serves at this endpoint.
    pub const ENDPOINT: ::atlas_endpoint::Endpoint = ::atlas_endpoint::Endpoint {
        operation: "create_cluster",
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
        version: "2024-08-05",
        media: ::atlas_endpoint::Media::Json,
        deprecation: ::core::option::Option::None,
    };
    /// Builds the request, validating and encoding every argument, without sending it.
    pub fn request(
        client: &Client,
        group_id: &str,
        cluster: &ClusterDescription,
        pretty: Option<bool>,
        effective: Option<bool>,
    ) -> ::atlas_endpoint::Result<::atlas_endpoint::Request> {
        ::atlas_endpoint::__private::client(client)
            .prepare(&Self::ENDPOINT)
            .path(&[::atlas_endpoint::__private::path_arg(&group_id)])
            .json(::atlas_endpoint::__private::body_arg(&cluster))
            .query("pretty", ::atlas_endpoint::__private::query_arg(&pretty))
            .header(
                "Use-Effective-Instance-Fields",
                ::atlas_endpoint::__private::header_arg(&effective),
            )
            .build()
    }
}
