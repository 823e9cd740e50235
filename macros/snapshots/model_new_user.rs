const _: () = {
    impl<'a> ::atlas_endpoint::AtlasJson for NewUser<'a> {
        const SHAPE: ::atlas_endpoint::JsonShape = ::atlas_endpoint::JsonShape::model(
            ::atlas_endpoint::JsonKind::Object,
            "CloudDatabaseUser",
        );
    }
    impl<'a> ::atlas_endpoint::Checks<::atlas_endpoint::Bottom> for NewUser<'a> {
        const SHAPE: ::atlas_endpoint::JsonShape = <Self as ::atlas_endpoint::AtlasJson>::SHAPE;
        const ANSWER: ::core::option::Option<&'static str> = ::atlas_endpoint::__private::first(
            &[
                ::core::option::Option::Some(
                    "`NewUser.group_id` is Atlas's `CloudDatabaseUser.groupId`, which is write-only: Atlas never sends it back; make it an `Option<…>` or add `#[serde(default)]`",
                ),
            ],
        );
        const BODY: ::core::option::Option<&'static str> = ::atlas_endpoint::__private::first(
            &[],
        );
        const CREATE: ::core::option::Option<&'static str> = ::atlas_endpoint::__private::first(
            &[],
        );
    }
    impl<'a, AtlasDepth> ::atlas_endpoint::Checks<::atlas_endpoint::Deeper<AtlasDepth>>
    for NewUser<'a>
    where
        Vec<Role>: ::atlas_endpoint::Checks<AtlasDepth>,
    {
        const SHAPE: ::atlas_endpoint::JsonShape = <Self as ::atlas_endpoint::AtlasJson>::SHAPE;
        const ANSWER: ::core::option::Option<&'static str> = ::atlas_endpoint::__private::first(
            &[
                ::core::option::Option::Some(
                    "`NewUser.group_id` is Atlas's `CloudDatabaseUser.groupId`, which is write-only: Atlas never sends it back; make it an `Option<…>` or add `#[serde(default)]`",
                ),
                <Vec<Role> as ::atlas_endpoint::Checks<AtlasDepth>>::ANSWER,
            ],
        );
        const BODY: ::core::option::Option<&'static str> = ::atlas_endpoint::__private::first(
            &[<Vec<Role> as ::atlas_endpoint::Checks<AtlasDepth>>::BODY],
        );
        const CREATE: ::core::option::Option<&'static str> = ::atlas_endpoint::__private::first(
            &[<Vec<Role> as ::atlas_endpoint::Checks<AtlasDepth>>::CREATE],
        );
    }
    const _: () = ::atlas_endpoint::__private::expect_fit(
        <Vec<Role> as ::atlas_endpoint::AtlasJson>::SHAPE,
        ::atlas_endpoint::__private::Expected {
            kind: ::atlas_endpoint::__private::JsonKind::Array,
            item: ::atlas_endpoint::__private::JsonKind::Object,
            schema: "DatabaseUserRole",
        },
        "`NewUser.roles` is Atlas's `CloudDatabaseUser.roles`, an array of `DatabaseUserRole` objects: its type `Vec<Role>` does not fit; use `Vec<…>` of a type deriving `AtlasModel` with `#[atlas_model(DatabaseUserRole)]`",
    );
};
