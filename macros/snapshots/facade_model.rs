const _: () = {
    impl facade::atlas_endpoint::AtlasJson for State {
        const SHAPE: facade::atlas_endpoint::JsonShape = facade::atlas_endpoint::JsonShape::model(
            facade::atlas_endpoint::JsonKind::String,
            "ClusterDescription20240805.stateName",
        );
    }
    impl facade::atlas_endpoint::Checks<facade::atlas_endpoint::Bottom> for State {
        const SHAPE: facade::atlas_endpoint::JsonShape = <Self as facade::atlas_endpoint::AtlasJson>::SHAPE;
        const ANSWER: ::core::option::Option<&'static str> = facade::atlas_endpoint::__private::first(
            &[],
        );
        const BODY: ::core::option::Option<&'static str> = facade::atlas_endpoint::__private::first(
            &[],
        );
        const CREATE: ::core::option::Option<&'static str> = facade::atlas_endpoint::__private::first(
            &[],
        );
    }
    impl<
        AtlasDepth,
    > facade::atlas_endpoint::Checks<facade::atlas_endpoint::Deeper<AtlasDepth>>
    for State {
        const SHAPE: facade::atlas_endpoint::JsonShape = <Self as facade::atlas_endpoint::AtlasJson>::SHAPE;
        const ANSWER: ::core::option::Option<&'static str> = facade::atlas_endpoint::__private::first(
            &[],
        );
        const BODY: ::core::option::Option<&'static str> = facade::atlas_endpoint::__private::first(
            &[],
        );
        const CREATE: ::core::option::Option<&'static str> = facade::atlas_endpoint::__private::first(
            &[],
        );
    }
};
