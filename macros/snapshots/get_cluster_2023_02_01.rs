/// One cluster, in the answer shape of 2023.
///
/// **Atlas endpoint:** `GET /api/atlas/v2/groups/{groupId}/clusters/{clusterName}` (resource version `2023-02-01`); `get_cluster::ENDPOINT` describes it and `get_cluster::request(…)` builds its request without sending it.
/// Atlas operation `getGroupCluster` (formerly `getCluster`); answers 200.
/// Atlas documentation: <https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Clusters/operation/getGroupCluster>.
/// Resource versions Atlas serves: 2023-01-01 (sunset 2027-07-01), 2023-02-01 (sunset 2027-07-01), 2024-08-05; pin one with `version = "…"`.
/// Answer: Atlas's `AdvancedClusterDescription`.
/// Schemas nested in the answer (models of the fields you use): `ApiAtlasClusterAdvancedConfigurationView`, `BiConnector`, `ClusterConnectionStrings`, `ComponentLabel`, `Link`, `EmployeeAccessGrantView`, `ReplicationSpec`, `ResourceTag`, `ClusterDescriptionConnectionStringsPrivateEndpoint`, `CloudRegionConfig`, `ClusterDescriptionConnectionStringsPrivateEndpointEndpoint`, `HardwareSpec`, `AdvancedAutoScalingSettings`, `DedicatedHardwareSpec`, `AdvancedComputeAutoScaling`, `DiskGBAutoScaling`.
/// Required roles: Project Read Only.
/// Atlas has deprecated this resource version; sunset on 2027-07-01.
#[deprecated(
    note = "Atlas has deprecated resource version 2023-02-01 of getGroupCluster; it stops serving it on 2027-07-01: move to version 2024-08-05 (remove `version` for the newest)"
)]
pub async fn get_cluster(
    client: &Client,
    group_id: &str,
    cluster_name: &str,
) -> Result<serde_json::Value> {
    #[allow(deprecated)]
    let request = get_cluster::request(client, group_id, cluster_name)?;
    ::atlas_endpoint::__private::client(client).send(request).await?.into_json()
}
/// The Atlas endpoint behind [`get_cluster()`](fn@get_cluster): `get_cluster::ENDPOINT` describes it and `get_cluster::request(…)` builds its request without sending it.
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct get_cluster {}
::atlas_endpoint::__private::register!(& get_cluster::ENDPOINT);
impl get_cluster {
    /// What Atlas serves at this endpoint.
    pub const ENDPOINT: ::atlas_endpoint::__private::Endpoint = ::atlas_endpoint::__private::Endpoint {
        operation: "getGroupCluster",
        module: ::core::module_path!(),
        function: "get_cluster",
        method: ::atlas_endpoint::__private::Method::GET,
        template: "/groups/<groupId>/clusters/<clusterName>",
        pieces: &[
            ::atlas_endpoint::__private::Piece::Literal("/groups/"),
            ::atlas_endpoint::__private::Piece::Param(0usize),
            ::atlas_endpoint::__private::Piece::Literal("/clusters/"),
            ::atlas_endpoint::__private::Piece::Param(1usize),
        ],
        params: &[
            ::atlas_endpoint::__private::PathParam {
                name: "groupId",
                pattern: ::core::option::Option::Some("^([a-f0-9]{24})$"),
            },
            ::atlas_endpoint::__private::PathParam {
                name: "clusterName",
                pattern: ::core::option::Option::Some("^[a-zA-Z0-9][a-zA-Z0-9-]*$"),
            },
        ],
        version: "2023-02-01",
        media: ::atlas_endpoint::__private::Media::Json,
        deprecation: ::core::option::Option::Some(
            "Atlas has deprecated resource version 2023-02-01 of getGroupCluster; it stops serving it on 2027-07-01: move to version 2024-08-05 (remove `version` for the newest)",
        ),
        catalogued: ::atlas_endpoint::__private::catalogued!(
            ::atlas_endpoint::__private::Catalogued { former_id :
            ::core::option::Option::Some("getCluster"), roles : & ["Project Read Only"],
            sunset : ::core::option::Option::Some("2027-07-01"), newest_version :
            "2024-08-05", docs_url :
            ::core::option::Option::Some("https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Clusters/operation/getGroupCluster"),
            }
        ),
    };
    /// Builds the request, validating and encoding every argument, without sending it.
    #[deprecated(
        note = "Atlas has deprecated resource version 2023-02-01 of getGroupCluster; it stops serving it on 2027-07-01: move to version 2024-08-05 (remove `version` for the newest)"
    )]
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
