const _: () = {
    impl facade::atlas_endpoint::__private::AtlasJson for State {
        const SHAPE: facade::atlas_endpoint::__private::JsonShape = facade::atlas_endpoint::__private::JsonShape::model(
            facade::atlas_endpoint::__private::JsonKind::String,
            "ClusterDescription20240805.stateName",
        );
        const ANSWER_OWN: () = {};
        const BODY_OWN: () = {};
        const CREATE_OWN: () = {};
    }
    #[doc(hidden)]
    impl facade::atlas_endpoint::__private::Checks<
        facade::atlas_endpoint::__private::Bottom,
    > for State {
        const SHAPE: facade::atlas_endpoint::__private::JsonShape = <Self as facade::atlas_endpoint::__private::AtlasJson>::SHAPE;
        const ANSWER_OK: () = ();
        const BODY_OK: () = ();
        const CREATE_OK: () = ();
    }
    #[doc(hidden)]
    impl<
        AtlasDepth,
    > facade::atlas_endpoint::__private::Checks<
        facade::atlas_endpoint::__private::Deeper<AtlasDepth>,
    > for State
    where
        Self: facade::atlas_endpoint::__private::Deferred<AtlasDepth>,
        <Self as facade::atlas_endpoint::__private::Deferred<
            AtlasDepth,
        >>::Itself: facade::atlas_endpoint::__private::AtlasJson,
    {
        const SHAPE: facade::atlas_endpoint::__private::JsonShape = <Self as facade::atlas_endpoint::__private::AtlasJson>::SHAPE;
        const ANSWER_OK: () = {
            let () = <<Self as facade::atlas_endpoint::__private::Deferred<
                AtlasDepth,
            >>::Itself as facade::atlas_endpoint::__private::AtlasJson>::ANSWER_OWN;
        };
        const BODY_OK: () = {
            let () = <<Self as facade::atlas_endpoint::__private::Deferred<
                AtlasDepth,
            >>::Itself as facade::atlas_endpoint::__private::AtlasJson>::BODY_OWN;
        };
        const CREATE_OK: () = {
            let () = <<Self as facade::atlas_endpoint::__private::Deferred<
                AtlasDepth,
            >>::Itself as facade::atlas_endpoint::__private::AtlasJson>::CREATE_OWN;
        };
    }
};
