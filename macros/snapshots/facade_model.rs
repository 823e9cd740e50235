const _: () = {
    impl facade::atlas_endpoint::AtlasJson for State {
        const SHAPE: facade::atlas_endpoint::JsonShape = facade::atlas_endpoint::JsonShape::model(
            facade::atlas_endpoint::JsonKind::String,
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
        const SHAPE: facade::atlas_endpoint::JsonShape = <Self as facade::atlas_endpoint::AtlasJson>::SHAPE;
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
        >>::Itself: facade::atlas_endpoint::AtlasJson,
    {
        const SHAPE: facade::atlas_endpoint::JsonShape = <Self as facade::atlas_endpoint::AtlasJson>::SHAPE;
        const ANSWER_OK: () = {
            let () = <<Self as facade::atlas_endpoint::__private::Deferred<
                AtlasDepth,
            >>::Itself as facade::atlas_endpoint::AtlasJson>::ANSWER_OWN;
        };
        const BODY_OK: () = {
            let () = <<Self as facade::atlas_endpoint::__private::Deferred<
                AtlasDepth,
            >>::Itself as facade::atlas_endpoint::AtlasJson>::BODY_OWN;
        };
        const CREATE_OK: () = {
            let () = <<Self as facade::atlas_endpoint::__private::Deferred<
                AtlasDepth,
            >>::Itself as facade::atlas_endpoint::AtlasJson>::CREATE_OWN;
        };
    }
};
