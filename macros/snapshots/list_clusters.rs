/// Clusters of one project, one page at a time.
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
/// - `page_num`: query parameter `pageNum`
/// - `items_per_page`: query parameter `itemsPerPage`
/// - `effective`: header `Use-Effective-Instance-Fields`
pub async fn list_clusters(
    client: &Client,
    group_id: &str,
    page_num: u32,
    items_per_page: u32,
    effective: Option<bool>,
) -> Result<Page<ClusterDescription>> {
    #[allow(deprecated)]
    let request = list_clusters::request(
        client,
        group_id,
        page_num,
        items_per_page,
        effective,
    )?;
    ::atlas_endpoint::__private::client(client).send(request).await?.into_json()
}
/// The Atlas endpoint behind [`list_clusters()`](fn@list_clusters): `list_clusters::ENDPOINT` describes it and `list_clusters::request(…)` builds its request without sending it.
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct list_clusters {}
::atlas_endpoint::__private::register!(& list_clusters::ENDPOINT);
impl list_clusters {
    /// What Atlas serves at this endpoint.
    pub const ENDPOINT: ::atlas_endpoint::__private::Endpoint = ::atlas_endpoint::__private::Endpoint {
        operation: "listGroupClusters",
        module: ::core::module_path!(),
        function: "list_clusters",
        method: ::atlas_endpoint::__private::Method::GET,
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
        media: ::atlas_endpoint::__private::Media::Json,
        deprecation: ::core::option::Option::None,
        catalogued: ::atlas_endpoint::__private::catalogued!(
            ::atlas_endpoint::__private::Catalogued { former_id :
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
        page_num: u32,
        items_per_page: u32,
        effective: Option<bool>,
    ) -> ::atlas_endpoint::__private::Result<::atlas_endpoint::__private::Request> {
        ::atlas_endpoint::__private::client(client)
            .prepare(&Self::ENDPOINT)
            .path(&[::atlas_endpoint::__private::path_arg(&group_id)])
            .query("pageNum", ::atlas_endpoint::__private::query_arg(&page_num))
            .query(
                "itemsPerPage",
                ::atlas_endpoint::__private::query_arg(&items_per_page),
            )
            .header(
                "Use-Effective-Instance-Fields",
                ::atlas_endpoint::__private::header_arg(&effective),
            )
            .build()
    }
}
const _: () = {
    #[diagnostic::on_unimplemented(
        message = "listGroupClusters answers a page of Atlas's `ClusterDescription20240805` (`PaginatedClusterDescription20240805`): return `Result<…>` of `Page<M>` where `M` is a type deriving `AtlasModel` with `#[atlas_model(ClusterDescription20240805)]` (or `serde_json::Value`); `{Self}` is not an Atlas model",
        label = "not a model of this endpoint's answer"
    )]
    trait AnswerOfThisEndpoint {
        const SHAPE: ::atlas_endpoint::__private::JsonShape;
        const ANSWER_OK: ();
        const BODY_OK: ();
        const CREATE_OK: ();
    }
    impl<
        T: ?::core::marker::Sized
            + ::atlas_endpoint::__private::Checks<::atlas_endpoint::__private::Depth>,
    > AnswerOfThisEndpoint for T {
        const SHAPE: ::atlas_endpoint::__private::JsonShape = <T as ::atlas_endpoint::__private::Checks<
            ::atlas_endpoint::__private::Depth,
        >>::SHAPE;
        const ANSWER_OK: () = <T as ::atlas_endpoint::__private::Checks<
            ::atlas_endpoint::__private::Depth,
        >>::ANSWER_OK;
        const BODY_OK: () = <T as ::atlas_endpoint::__private::Checks<
            ::atlas_endpoint::__private::Depth,
        >>::BODY_OK;
        const CREATE_OK: () = <T as ::atlas_endpoint::__private::Checks<
            ::atlas_endpoint::__private::Depth,
        >>::CREATE_OK;
    }
    const _: () = if !::atlas_endpoint::__private::fits(
        <Page<ClusterDescription> as AnswerOfThisEndpoint>::SHAPE,
        ::atlas_endpoint::__private::Expected {
            kind: ::atlas_endpoint::__private::JsonKind::Page,
            item: ::atlas_endpoint::__private::JsonKind::Object,
            schema: "ClusterDescription20240805",
        },
    ) {
        ::core::panic!(
            "{}",
            "listGroupClusters answers a page of Atlas's `ClusterDescription20240805` (`PaginatedClusterDescription20240805`): `Page<ClusterDescription>` does not fit it; return `Result<…>` of `Page<M>` where `M` is a type deriving `AtlasModel` with `#[atlas_model(ClusterDescription20240805)]` (or `serde_json::Value`)"
        );
    };
    const _: () = <ClusterDescription as AnswerOfThisEndpoint>::ANSWER_OK;
};
