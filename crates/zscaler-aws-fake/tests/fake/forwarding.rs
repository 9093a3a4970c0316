//! Requests the fake does not answer reach moto unchanged, answers included.

use zscaler_aws_fake::FakeOptions;

use crate::common::{Env, bounded};

#[tokio::test]
async fn other_operations_go_to_moto() {
    bounded(async {
        let env = Env::start(FakeOptions::default()).await;
        let iam = env.iam();
        let arn = env.role("forwarded", "ecs-tasks.amazonaws.com").await;
        assert_eq!(arn, "arn:aws:iam::123456789012:role/forwarded");
        let got = iam
            .get_role()
            .role_name("forwarded")
            .send()
            .await
            .expect("get role via the fake");
        assert_eq!(got.role().map(|r| r.arn()), Some(arn.as_str()));
        let err = iam
            .get_role()
            .role_name("missing")
            .send()
            .await
            .expect_err("unknown role");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_no_such_entity_exception()),
            "{err:?}"
        );

        // moto sees the same state directly.
        let direct = aws_sdk_iam::Client::from_conf(
            aws_sdk_iam::config::Builder::from(&env.config)
                .endpoint_url(&env.moto.url)
                .build(),
        );
        let listed = direct
            .list_roles()
            .send()
            .await
            .expect("list roles at moto");
        assert!(listed.roles().iter().any(|r| r.role_name() == "forwarded"));

        // An ECS call the fake does not handle, and one it does but for a cluster with no
        // Express service.
        let ecs = env.ecs();
        ecs.create_cluster()
            .cluster_name("plain")
            .send()
            .await
            .expect("create cluster");
        let listed = ecs
            .list_services()
            .cluster("plain")
            .send()
            .await
            .expect("list services");
        assert!(listed.service_arns().is_empty());
        ecs.delete_cluster()
            .cluster("plain")
            .send()
            .await
            .expect("delete cluster");
        let described = ecs
            .describe_clusters()
            .clusters("plain")
            .send()
            .await
            .expect("describe clusters");
        assert_eq!(described.clusters()[0].status(), Some("INACTIVE"));
    })
    .await;
}
