///
/// **Atlas endpoint:** `POST /api/atlas/v2/groups/{groupId}/clusters` (resource version `2024-10-23`); `create_cluster::ENDPOINT` describes it and `create_cluster::request(…)` builds its request without sending it.
/// Atlas operation `createGroupCluster` (formerly `createCluster`); answers 201.
/// Atlas documentation: <https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Clusters/operation/createGroupCluster>.
/// Resource versions Atlas serves: 2023-01-01 (sunset 2027-07-01), 2023-02-01 (sunset 2027-07-01), 2024-08-05 (sunset 2027-03-01), 2024-10-23; pin one with `version = "…"`.
/// Request body: Atlas's `ClusterDescription20240805`; answer: `ClusterDescription20240805`.
/// Schemas nested in the body (models of the fields you use): `ApiAtlasClusterAdvancedConfigurationView`, `BiConnector`, `ClusterConnectionStrings`, `ReplicationSpec20240805`, `ComponentLabel`, `Link`, `EmployeeAccessGrantView`, `ResourceTag`, `ClusterDescriptionConnectionStringsPrivateEndpoint`, `CloudRegionConfig20240805`, `ClusterDescriptionConnectionStringsPrivateEndpointEndpoint`, `HardwareSpec20240805`, `AdvancedAutoScalingSettings`, `DedicatedHardwareSpec20240805`, `AdvancedComputeAutoScaling`, `DiskGBAutoScaling`.
/// Schemas nested in the answer (models of the fields you use): `ApiAtlasClusterAdvancedConfigurationView`, `BiConnector`, `ClusterConnectionStrings`, `ReplicationSpec20240805`, `ComponentLabel`, `Link`, `EmployeeAccessGrantView`, `ResourceTag`, `ClusterDescriptionConnectionStringsPrivateEndpoint`, `CloudRegionConfig20240805`, `ClusterDescriptionConnectionStringsPrivateEndpointEndpoint`, `HardwareSpec20240805`, `AdvancedAutoScalingSettings`, `DedicatedHardwareSpec20240805`, `AdvancedComputeAutoScaling`, `DiskGBAutoScaling`.
/// Required roles: Project Cluster Creator.
/// Atlas completes this change in the background: poll `getGroupCluster` (version 2024-08-05; `clusterName` = the answer's `$.name`, `groupId` = the answer's `$.groupId`) until `$.stateName` is IDLE.
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
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct create_cluster {}
::atlas_endpoint::__private::register!(& create_cluster::ENDPOINT);
impl create_cluster {
    /// What Atlas serves at this endpoint.
    pub const ENDPOINT: ::atlas_endpoint::__private::Endpoint = ::atlas_endpoint::__private::Endpoint {
        operation: "createGroupCluster",
        module: ::core::module_path!(),
        function: "create_cluster",
        method: ::atlas_endpoint::__private::Method::POST,
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
        media: ::atlas_endpoint::__private::Media::Json,
        deprecation: ::core::option::Option::None,
        catalogued: ::atlas_endpoint::__private::catalogued!(
            ::atlas_endpoint::__private::Catalogued { former_id :
            ::core::option::Option::Some("createCluster"), roles : &
            ["Project Cluster Creator"], sunset : ::core::option::Option::None,
            newest_version : "2024-10-23", docs_url :
            ::core::option::Option::Some("https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Clusters/operation/createGroupCluster"),
            }
        ),
    };
    /// Builds the request, validating and encoding every argument, without sending it.
    pub fn request(
        client: &Client,
        group_id: &str,
        cluster: &ClusterDescription,
    ) -> ::atlas_endpoint::__private::Result<::atlas_endpoint::__private::Request> {
        ::atlas_endpoint::__private::client(client)
            .prepare(&Self::ENDPOINT)
            .path(&[::atlas_endpoint::__private::path_arg(&group_id)])
            .json(::atlas_endpoint::__private::body_arg(&cluster))
            .build()
    }
}
const _: () = {
    #[diagnostic::on_unimplemented(
        message = "the body of createGroupCluster is Atlas's `ClusterDescription20240805`: derive `AtlasModel` for `{Self}` with `#[atlas_model(ClusterDescription20240805)]`, or send a `serde_json::Value`",
        label = "not a model of this endpoint's body"
    )]
    trait BodyOfThisEndpoint {
        const SHAPE: ::atlas_endpoint::__private::JsonShape;
        const ANSWER_OK: ();
        const BODY_OK: ();
        const CREATE_OK: ();
    }
    impl<
        T: ?::core::marker::Sized
            + ::atlas_endpoint::__private::Checks<::atlas_endpoint::__private::Depth>,
    > BodyOfThisEndpoint for T {
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
        <ClusterDescription as BodyOfThisEndpoint>::SHAPE,
        ::atlas_endpoint::__private::Expected {
            kind: ::atlas_endpoint::__private::JsonKind::Object,
            item: ::atlas_endpoint::__private::JsonKind::None,
            schema: "ClusterDescription20240805",
        },
    ) {
        ::core::panic!(
            "{}",
            "the body of createGroupCluster is Atlas's `ClusterDescription20240805`: `ClusterDescription` does not model it; send a type deriving `AtlasModel` with `#[atlas_model(ClusterDescription20240805)]` (or a `serde_json::Value`)"
        );
    };
    const _: () = <ClusterDescription as BodyOfThisEndpoint>::BODY_OK;
    const _: () = <ClusterDescription as BodyOfThisEndpoint>::CREATE_OK;
    #[diagnostic::on_unimplemented(
        message = "createGroupCluster answers Atlas's `ClusterDescription20240805`: return `Result<…>` of a type deriving `AtlasModel` with `#[atlas_model(ClusterDescription20240805)]` (or `serde_json::Value`); `{Self}` is not an Atlas model",
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
        <ClusterDescription as AnswerOfThisEndpoint>::SHAPE,
        ::atlas_endpoint::__private::Expected {
            kind: ::atlas_endpoint::__private::JsonKind::Object,
            item: ::atlas_endpoint::__private::JsonKind::None,
            schema: "ClusterDescription20240805",
        },
    ) {
        ::core::panic!(
            "{}",
            "createGroupCluster answers Atlas's `ClusterDescription20240805`: `ClusterDescription` does not fit it; return `Result<…>` of a type deriving `AtlasModel` with `#[atlas_model(ClusterDescription20240805)]` (or `serde_json::Value`)"
        );
    };
    const _: () = <ClusterDescription as AnswerOfThisEndpoint>::ANSWER_OK;
};
