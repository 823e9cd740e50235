///
/// **Atlas endpoint:** `GET /api/atlas/v2/groups/{groupId}/clusters` (resource version `2024-08-05`); `list_clusters::ENDPOINT` describes it and `list_clusters::request(…)` builds its request without sending it.
/// Atlas operation `listGroupClusters` (formerly `listClusters`); answers 200.
/// Atlas documentation: <https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Clusters/operation/listGroupClusters>.
/// Resource versions Atlas serves: 2023-01-01 (sunset 2027-07-01), 2023-02-01 (sunset 2027-07-01), 2024-08-05; pin one with `version = "…"`.
/// Answer: Atlas's `PaginatedClusterDescription20240805`.
/// Schemas nested in the answer (models of the fields you use): `Link`, `ClusterDescription20240805`, `ApiAtlasClusterAdvancedConfigurationView`, `BiConnector`, `ClusterConnectionStrings`, `ReplicationSpec20240805`, `ComponentLabel`, `EmployeeAccessGrantView`, `ResourceTag`, `ClusterDescriptionConnectionStringsPrivateEndpoint`, `CloudRegionConfig20240805`, `ClusterDescriptionConnectionStringsPrivateEndpointEndpoint`, `HardwareSpec20240805`, `AdvancedAutoScalingSettings`, `DedicatedHardwareSpec20240805`, `AdvancedComputeAutoScaling`, `DiskGBAutoScaling`.
/// Query parameters Atlas accepts: `includeCount` (boolean), `itemsPerPage` (integer), `pageNum` (integer), `includeDeletedWithRetainedBackups` (boolean).
/// Required roles: Project Read Only.
///
/// Parameters sent outside the path:
///
/// - `items_per_page`: query parameter `itemsPerPage`
pub async fn list_clusters(
    client: &Client,
    group_id: &str,
    items_per_page: u32,
) -> Result<Page<Cluster>> {
    #[allow(deprecated)]
    let request = list_clusters::request(client, group_id, items_per_page)?;
    ::atlas::__private::client(client).send(request).await?.into_json()
}
/// The Atlas endpoint behind [`list_clusters()`](fn@list_clusters): `list_clusters::ENDPOINT` describes it and `list_clusters::request(…)` builds its request without sending it.
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct list_clusters {}
::atlas::__private::register!(& list_clusters::ENDPOINT);
impl list_clusters {
    /// What Atlas serves at this endpoint.
    pub const ENDPOINT: ::atlas::__private::Endpoint = ::atlas::__private::Endpoint {
        operation: "listGroupClusters",
        module: ::core::module_path!(),
        function: "list_clusters",
        method: ::atlas::__private::Method::GET,
        template: "/groups/<groupId>/clusters",
        pieces: &[
            ::atlas::__private::Piece::Literal("/groups/"),
            ::atlas::__private::Piece::Param(0usize),
            ::atlas::__private::Piece::Literal("/clusters"),
        ],
        params: &[
            ::atlas::__private::PathParam {
                name: "groupId",
                pattern: ::core::option::Option::Some("^([a-f0-9]{24})$"),
            },
        ],
        version: "2024-08-05",
        media: ::atlas::__private::Media::Json,
        deprecation: ::core::option::Option::None,
        catalogued: ::atlas::__private::catalogued!(
            ::atlas::__private::Catalogued { former_id :
            ::core::option::Option::Some("listClusters"), roles : &
            ["Project Read Only"], sunset : ::core::option::Option::None, newest_version
            : "2024-08-05", docs_url :
            ::core::option::Option::Some("https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Clusters/operation/listGroupClusters"),
            }
        ),
    };
    /// Builds the request, validating and encoding every argument, without sending it.
    pub fn request(
        client: &Client,
        group_id: &str,
        items_per_page: u32,
    ) -> ::atlas::__private::Result<::atlas::__private::Request> {
        ::atlas::__private::client(client)
            .prepare(&Self::ENDPOINT)
            .path(&[::atlas::__private::path_arg(&group_id)])
            .query("itemsPerPage", ::atlas::__private::query_arg(&items_per_page))
            .build()
    }
}
const _: () = {
    #[diagnostic::on_unimplemented(
        message = "listGroupClusters answers a page of Atlas's `ClusterDescription20240805` (`PaginatedClusterDescription20240805`): return `Result<…>` of `Page<M>` where `M` is a type deriving `AtlasModel` with `#[atlas_model(ClusterDescription20240805)]` (or `serde_json::Value`); `{Self}` is not an Atlas model",
        label = "not a model of this endpoint's answer"
    )]
    trait AnswerOfThisEndpoint {
        const SHAPE: ::atlas::__private::JsonShape;
        const ANSWER_OK: ();
        const BODY_OK: ();
        const CREATE_OK: ();
    }
    impl<
        T: ?::core::marker::Sized + ::atlas::__private::Checks<::atlas::__private::Depth>,
    > AnswerOfThisEndpoint for T {
        const SHAPE: ::atlas::__private::JsonShape = <T as ::atlas::__private::Checks<
            ::atlas::__private::Depth,
        >>::SHAPE;
        const ANSWER_OK: () = <T as ::atlas::__private::Checks<
            ::atlas::__private::Depth,
        >>::ANSWER_OK;
        const BODY_OK: () = <T as ::atlas::__private::Checks<
            ::atlas::__private::Depth,
        >>::BODY_OK;
        const CREATE_OK: () = <T as ::atlas::__private::Checks<
            ::atlas::__private::Depth,
        >>::CREATE_OK;
    }
    const _: () = if !::atlas::__private::fits(
        <Page<Cluster> as AnswerOfThisEndpoint>::SHAPE,
        ::atlas::__private::Expected {
            kind: ::atlas::__private::JsonKind::Page,
            item: ::atlas::__private::JsonKind::Object,
            schema: "ClusterDescription20240805",
        },
    ) {
        ::core::panic!(
            "{}",
            "listGroupClusters answers a page of Atlas's `ClusterDescription20240805` (`PaginatedClusterDescription20240805`): `Page<Cluster>` does not fit it; return `Result<…>` of `Page<M>` where `M` is a type deriving `AtlasModel` with `#[atlas_model(ClusterDescription20240805)]` (or `serde_json::Value`)"
        );
    };
    const _: () = <Cluster as AnswerOfThisEndpoint>::ANSWER_OK;
};
