const _: () = {
    impl<'a> ::atlas_endpoint::__private::AtlasJson for NewUser<'a> {
        const SHAPE: ::atlas_endpoint::__private::JsonShape = ::atlas_endpoint::__private::JsonShape::model(
            ::atlas_endpoint::__private::JsonKind::Object,
            "CloudDatabaseUser",
        );
        const ANSWER_OWN: () = if true {
            ::core::panic!(
                "{}",
                "`NewUser.group_id` is Atlas's `CloudDatabaseUser.groupId`, which is write-only: Atlas never sends it back; make it an `Option<…>` or add `#[serde(default)]`"
            )
        } else {};
        const BODY_OWN: () = {};
        const CREATE_OWN: () = {};
    }
    #[doc(hidden)]
    impl<'a> ::atlas_endpoint::__private::Checks<::atlas_endpoint::__private::Bottom>
    for NewUser<'a> {
        const SHAPE: ::atlas_endpoint::__private::JsonShape = <Self as ::atlas_endpoint::__private::AtlasJson>::SHAPE;
        const ANSWER_OK: () = ();
        const BODY_OK: () = ();
        const CREATE_OK: () = ();
    }
    #[doc(hidden)]
    impl<
        'a,
        AtlasDepth,
    > ::atlas_endpoint::__private::Checks<
        ::atlas_endpoint::__private::Deeper<AtlasDepth>,
    > for NewUser<'a>
    where
        Self: ::atlas_endpoint::__private::Deferred<AtlasDepth>,
        <Self as ::atlas_endpoint::__private::Deferred<
            AtlasDepth,
        >>::Itself: ::atlas_endpoint::__private::AtlasJson,
        Role: ::atlas_endpoint::__private::Checks<AtlasDepth>,
    {
        const SHAPE: ::atlas_endpoint::__private::JsonShape = <Self as ::atlas_endpoint::__private::AtlasJson>::SHAPE;
        const ANSWER_OK: () = {
            let () = <<Self as ::atlas_endpoint::__private::Deferred<
                AtlasDepth,
            >>::Itself as ::atlas_endpoint::__private::AtlasJson>::ANSWER_OWN;
            let () = <Role as ::atlas_endpoint::__private::Checks<
                AtlasDepth,
            >>::ANSWER_OK;
        };
        const BODY_OK: () = {
            let () = <<Self as ::atlas_endpoint::__private::Deferred<
                AtlasDepth,
            >>::Itself as ::atlas_endpoint::__private::AtlasJson>::BODY_OWN;
            let () = <Role as ::atlas_endpoint::__private::Checks<AtlasDepth>>::BODY_OK;
        };
        const CREATE_OK: () = {
            let () = <<Self as ::atlas_endpoint::__private::Deferred<
                AtlasDepth,
            >>::Itself as ::atlas_endpoint::__private::AtlasJson>::CREATE_OWN;
            let () = <Role as ::atlas_endpoint::__private::Checks<
                AtlasDepth,
            >>::CREATE_OK;
        };
    }
    const _: () = if !::atlas_endpoint::__private::fits(
        <Vec<Role> as ::atlas_endpoint::__private::AtlasJson>::SHAPE,
        ::atlas_endpoint::__private::Expected {
            kind: ::atlas_endpoint::__private::JsonKind::Array,
            item: ::atlas_endpoint::__private::JsonKind::Object,
            schema: "DatabaseUserRole",
        },
    ) {
        ::core::panic!(
            "{}",
            "`NewUser.roles` is Atlas's `CloudDatabaseUser.roles`, an array of `DatabaseUserRole` objects: its type `Vec<Role>` does not fit; use `Vec<…>` of a type deriving `AtlasModel` with `#[atlas_model(DatabaseUserRole)]`"
        );
    };
};
