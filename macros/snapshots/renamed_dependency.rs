///
/// **Atlas endpoint:** `GET /api/atlas/v2/groups/{groupId}/clusters` (resource version `2024-08-05`). See [`list_clusters::ENDPOINT`].
/// Atlas operation `listGroupClusters` (formerly `listClusters`); answers 200.
/// Atlas documentation: <https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Clusters/operation/listGroupClusters>.
/// Resource versions Atlas serves: 2023-01-01 (sunset 2027-07-01), 2023-02-01 (sunset 2027-07-01), 2024-08-05; pin one with `version = "…"`.
/// Answer: Atlas's `PaginatedClusterDescription20240805`.
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
#[allow(non_camel_case_types)]
pub struct list_clusters {}
impl list_clusters {
    /// What Atlas serves at this endpoint.
    pub const ENDPOINT: ::atlas::Endpoint = ::atlas::Endpoint {
        operation: "listGroupClusters",
        method: ::atlas::Method::GET,
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
        media: ::atlas::Media::Json,
        deprecation: ::core::option::Option::None,
    };
    /// Builds the request, validating and encoding every argument, without sending it.
    pub fn request(
        client: &Client,
        group_id: &str,
        items_per_page: u32,
    ) -> ::atlas::Result<::atlas::Request> {
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
        const SHAPE: ::atlas::JsonShape;
        const ANSWER: ::core::option::Option<&'static str>;
        const BODY: ::core::option::Option<&'static str>;
        const CREATE: ::core::option::Option<&'static str>;
    }
    impl<
        T: ?::core::marker::Sized + ::atlas::Checks<::atlas::Depth>,
    > AnswerOfThisEndpoint for T {
        const SHAPE: ::atlas::JsonShape = <T as ::atlas::Checks<::atlas::Depth>>::SHAPE;
        const ANSWER: ::core::option::Option<&'static str> = <T as ::atlas::Checks<
            ::atlas::Depth,
        >>::ANSWER;
        const BODY: ::core::option::Option<&'static str> = <T as ::atlas::Checks<
            ::atlas::Depth,
        >>::BODY;
        const CREATE: ::core::option::Option<&'static str> = <T as ::atlas::Checks<
            ::atlas::Depth,
        >>::CREATE;
    }
    const _: () = ::atlas::__private::expect_fit(
        <Page<Cluster> as AnswerOfThisEndpoint>::SHAPE,
        ::atlas::__private::Expected {
            kind: ::atlas::__private::JsonKind::Page,
            item: ::atlas::__private::JsonKind::Object,
            schema: "ClusterDescription20240805",
        },
        "listGroupClusters answers a page of Atlas's `ClusterDescription20240805` (`PaginatedClusterDescription20240805`): `Page<Cluster>` does not fit it; return `Result<…>` of `Page<M>` where `M` is a type deriving `AtlasModel` with `#[atlas_model(ClusterDescription20240805)]` (or `serde_json::Value`)",
    );
    const _: () = ::atlas::__private::expect_none(
        <Page<Cluster> as AnswerOfThisEndpoint>::ANSWER,
    );
};
