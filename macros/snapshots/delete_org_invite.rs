/// Cancel one pending invitation to join an organization.
///
/// **Atlas endpoint:** `DELETE /api/atlas/v2/orgs/{orgId}/invites/{invitationId}` (resource version `2023-01-01`); `delete_org_invite::ENDPOINT` describes it and `delete_org_invite::request(…)` builds its request without sending it.
/// Atlas operation `deleteOrgInvite`; answers 204.
/// Atlas documentation: <https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Organizations/operation/deleteOrgInvite>.
/// Required roles: Organization Owner.
/// Deprecated by Atlas; sunset on 2027-07-01.
#[deprecated(
    note = "Atlas has deprecated deleteOrgInvite (DELETE /api/atlas/v2/orgs/{orgId}/invites/{invitationId}); sunset on 2027-07-01"
)]
pub async fn delete_org_invite(
    client: &Client,
    org_id: &str,
    invitation_id: &str,
) -> Result<()> {
    #[allow(deprecated)]
    let request = delete_org_invite::request(client, org_id, invitation_id)?;
    ::atlas_endpoint::__private::client(client).send(request).await?.into_unit()
}
/// The Atlas endpoint behind [`delete_org_invite()`](fn@delete_org_invite): `delete_org_invite::ENDPOINT` describes it and `delete_org_invite::request(…)` builds its request without sending it.
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct delete_org_invite {}
::atlas_endpoint::__private::register!(& delete_org_invite::ENDPOINT);
impl delete_org_invite {
    /// What Atlas serves at this endpoint.
    pub const ENDPOINT: ::atlas_endpoint::__private::Endpoint = ::atlas_endpoint::__private::Endpoint {
        operation: "deleteOrgInvite",
        module: ::core::module_path!(),
        function: "delete_org_invite",
        method: ::atlas_endpoint::__private::Method::DELETE,
        template: "/orgs/<orgId>/invites/<invitationId>",
        pieces: &[
            ::atlas_endpoint::__private::Piece::Literal("/orgs/"),
            ::atlas_endpoint::__private::Piece::Param(0usize),
            ::atlas_endpoint::__private::Piece::Literal("/invites/"),
            ::atlas_endpoint::__private::Piece::Param(1usize),
        ],
        params: &[
            ::atlas_endpoint::__private::PathParam {
                name: "orgId",
                pattern: ::core::option::Option::Some("^([a-f0-9]{24})$"),
            },
            ::atlas_endpoint::__private::PathParam {
                name: "invitationId",
                pattern: ::core::option::Option::Some("^([a-f0-9]{24})$"),
            },
        ],
        version: "2023-01-01",
        media: ::atlas_endpoint::__private::Media::Json,
        deprecation: ::core::option::Option::Some(
            "Atlas has deprecated deleteOrgInvite (DELETE /api/atlas/v2/orgs/{orgId}/invites/{invitationId}); sunset on 2027-07-01",
        ),
        catalogued: ::atlas_endpoint::__private::catalogued!(
            ::atlas_endpoint::__private::Catalogued { former_id :
            ::core::option::Option::None, roles : & ["Organization Owner"], sunset :
            ::core::option::Option::Some("2027-07-01"), newest_version : "2023-01-01",
            docs_url :
            ::core::option::Option::Some("https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Organizations/operation/deleteOrgInvite"),
            }
        ),
    };
    /// Builds the request, validating and encoding every argument, without sending it.
    #[deprecated(
        note = "Atlas has deprecated deleteOrgInvite (DELETE /api/atlas/v2/orgs/{orgId}/invites/{invitationId}); sunset on 2027-07-01"
    )]
    pub fn request(
        client: &Client,
        org_id: &str,
        invitation_id: &str,
    ) -> ::atlas_endpoint::__private::Result<::atlas_endpoint::__private::Request> {
        ::atlas_endpoint::__private::client(client)
            .prepare(&Self::ENDPOINT)
            .path(
                &[
                    ::atlas_endpoint::__private::path_arg(&org_id),
                    ::atlas_endpoint::__private::path_arg(&invitation_id),
                ],
            )
            .build()
    }
}
