//! ECS Express Mode through `aws-sdk-ecs`: lifecycle, polling, DRAINING, and the modelled errors.

use aws_sdk_ecs::types::{
    EcsExpressGatewayService, ExpressCpuArchitecture, ExpressGatewayContainer,
    ExpressGatewayServiceStatusCode, KeyValuePair,
};
use zscaler_aws_fake::FakeOptions;

use crate::common::{Env, bounded};

fn status(service: &EcsExpressGatewayService) -> ExpressGatewayServiceStatusCode {
    service
        .status()
        .and_then(|s| s.status_code())
        .cloned()
        .expect("status code")
}

fn public_endpoint(service: &EcsExpressGatewayService) -> Option<String> {
    service
        .active_configurations()
        .first()?
        .ingress_paths()
        .iter()
        .find(|p| p.access_type().as_str() == "PUBLIC")
        .map(|p| p.endpoint().to_owned())
}

fn container(image: &str, env: &[(&str, &str)]) -> ExpressGatewayContainer {
    let mut builder = ExpressGatewayContainer::builder().image(image);
    for (name, value) in env {
        builder = builder.environment(KeyValuePair::builder().name(*name).value(*value).build());
    }
    builder.build().expect("container")
}

#[tokio::test]
async fn express_service_lifecycle_with_public_endpoint_update_and_draining() {
    bounded(async {
        let env = Env::start(FakeOptions::default()).await;
        let ecs = env.ecs();
        let exec = env.role("exec", "ecs-tasks.amazonaws.com").await;
        let infra = env.role("infra", "ecs.amazonaws.com").await;
        ecs.create_cluster()
            .cluster_name("zs")
            .send()
            .await
            .expect("cluster");

        let created = ecs
            .create_express_gateway_service()
            .cluster("zs")
            .service_name("mcp")
            .execution_role_arn(&exec)
            .infrastructure_role_arn(&infra)
            .primary_container(container("repo/zscaler-mcp:1", &[("A", "1")]))
            .send()
            .await
            .expect("create express service");
        let service = created.service().expect("service");
        let arn = service.service_arn().expect("arn").to_owned();
        assert_eq!(arn, "arn:aws:ecs:us-east-1:123456789012:service/zs/mcp");
        assert_eq!(status(service), ExpressGatewayServiceStatusCode::Active);
        assert_eq!(
            public_endpoint(service),
            None,
            "no endpoint before the first poll"
        );
        let config = &service.active_configurations()[0];
        assert_eq!(config.health_check_path(), Some("/ping"));
        assert_eq!(config.cpu(), Some("256"));
        assert_eq!(config.memory(), Some("512"));
        assert_eq!(
            config.cpu_architecture(),
            Some(&ExpressCpuArchitecture::X8664)
        );
        let primary = config.primary_container().expect("primary container");
        assert_eq!(primary.container_port(), Some(80));
        assert_eq!(primary.image(), "repo/zscaler-mcp:1");
        let first_td = config
            .task_definition_arn()
            .expect("task definition")
            .to_owned();
        assert!(
            first_td.ends_with(":task-definition/zs-mcp:1"),
            "{first_td}"
        );

        // One describe without the endpoint, then it appears.
        let first = ecs
            .describe_express_gateway_service()
            .service_arn(&arn)
            .send()
            .await
            .expect("describe 1");
        assert_eq!(public_endpoint(first.service().expect("service")), None);
        let second = ecs
            .describe_express_gateway_service()
            .service_arn(&arn)
            .send()
            .await
            .expect("describe 2");
        let endpoint =
            public_endpoint(second.service().expect("service")).expect("public endpoint");
        let host = endpoint
            .strip_suffix(".ecs.us-east-1.on.aws")
            .expect("endpoint host");
        assert!(
            host.len() == 11
                && host.starts_with("zs-")
                && host[3..].chars().all(|c| c.is_ascii_hexdigit()),
            "{endpoint}"
        );

        // The same name again while ACTIVE.
        let err = ecs
            .create_express_gateway_service()
            .cluster("zs")
            .service_name("mcp")
            .execution_role_arn(&exec)
            .infrastructure_role_arn(&infra)
            .primary_container(container("repo/zscaler-mcp:1", &[]))
            .send()
            .await
            .expect_err("duplicate");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_invalid_parameter_exception()),
            "{err:?}"
        );

        // Classic calls see it.
        let listed = ecs
            .list_services()
            .cluster("zs")
            .send()
            .await
            .expect("list");
        assert_eq!(listed.service_arns(), std::slice::from_ref(&arn));
        let described = ecs
            .describe_services()
            .cluster("zs")
            .services("mcp")
            .send()
            .await
            .expect("describe services");
        assert_eq!(described.services().len(), 1);
        assert_eq!(described.services()[0].status(), Some("ACTIVE"));
        assert_eq!(described.services()[0].service_arn(), Some(arn.as_str()));

        // Update merges: new image, same environment, new health check path; a new revision.
        let updated = ecs
            .update_express_gateway_service()
            .service_arn(&arn)
            .primary_container(container("repo/zscaler-mcp:2", &[("A", "1"), ("B", "2")]))
            .health_check_path("/health")
            .send()
            .await
            .expect("update");
        let target = updated
            .service()
            .and_then(|s| s.target_configuration())
            .expect("target configuration");
        assert_eq!(target.health_check_path(), Some("/health"));
        assert_eq!(target.cpu(), Some("256"), "unchanged fields stay");
        assert_eq!(
            target.primary_container().map(|c| c.image()),
            Some("repo/zscaler-mcp:2")
        );
        let second_td = target
            .task_definition_arn()
            .expect("task definition")
            .to_owned();
        assert!(
            second_td.ends_with(":task-definition/zs-mcp:2"),
            "{second_td}"
        );
        let revisions = ecs
            .list_task_definitions()
            .family_prefix("zs-mcp")
            .send()
            .await
            .expect("task definitions in moto");
        assert_eq!(revisions.task_definition_arns(), [first_td, second_td]);
        let in_moto = ecs
            .describe_task_definition()
            .task_definition("zs-mcp:2")
            .send()
            .await
            .expect("describe task definition");
        let main = &in_moto
            .task_definition()
            .expect("td")
            .container_definitions()[0];
        assert_eq!(main.name(), Some("Main"));
        assert_eq!(main.image(), Some("repo/zscaler-mcp:2"));
        assert_eq!(main.environment().len(), 2);

        // Delete: DRAINING, hidden from ListServices, blocks re-creation and DeleteCluster.
        let deleted = ecs
            .delete_express_gateway_service()
            .service_arn(&arn)
            .send()
            .await
            .expect("delete");
        assert_eq!(
            status(deleted.service().expect("service")),
            ExpressGatewayServiceStatusCode::Draining
        );
        let err = ecs
            .create_express_gateway_service()
            .cluster("zs")
            .service_name("mcp")
            .execution_role_arn(&exec)
            .infrastructure_role_arn(&infra)
            .primary_container(container("repo/zscaler-mcp:3", &[]))
            .send()
            .await
            .expect_err("create while draining");
        let service_err = err.as_service_error().expect("service error");
        assert!(service_err.is_invalid_parameter_exception(), "{err:?}");
        assert_eq!(
            service_err.meta().message(),
            Some("Unable to Start a service that is still Draining.")
        );
        let listed = ecs
            .list_services()
            .cluster("zs")
            .send()
            .await
            .expect("list");
        assert!(listed.service_arns().is_empty(), "{listed:?}");
        let err = ecs
            .delete_cluster()
            .cluster("zs")
            .send()
            .await
            .expect_err("cluster busy");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_cluster_contains_services_exception()),
            "{err:?}"
        );
        let again = ecs
            .update_express_gateway_service()
            .service_arn(&arn)
            .health_check_path("/x")
            .send()
            .await;
        let err = again.expect_err("update while draining");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_service_not_active_exception()),
            "{err:?}"
        );

        // The drain poll was spent on DeleteCluster: now INACTIVE, still describable.
        let gone = ecs
            .describe_express_gateway_service()
            .service_arn(&arn)
            .send()
            .await
            .expect("describe inactive");
        assert_eq!(
            status(gone.service().expect("service")),
            ExpressGatewayServiceStatusCode::Inactive
        );
        let described = ecs
            .describe_services()
            .cluster("zs")
            .services(&arn)
            .send()
            .await
            .expect("describe services");
        assert_eq!(described.services()[0].status(), Some("INACTIVE"));
        ecs.delete_cluster()
            .cluster("zs")
            .send()
            .await
            .expect("delete cluster once drained");

        let state = env.fake.state();
        let svc = &state["expressServices"][0];
        assert_eq!(svc["name"], "mcp");
        assert_eq!(svc["cluster"], "zs");
        assert_eq!(svc["status"], "INACTIVE");
        assert_eq!(svc["image"], "repo/zscaler-mcp:2");
        assert_eq!(svc["healthCheckPath"], "/health");
        assert_eq!(svc["cpuArchitecture"], "X86_64");
        assert_eq!(svc["updateCount"], 1);
        assert_eq!(
            svc["environment"],
            serde_json::json!([{"name": "A", "value": "1"}, {"name": "B", "value": "2"}])
        );
    })
    .await;
}

#[tokio::test]
async fn express_service_errors_are_the_modelled_ones() {
    bounded(async {
        let env = Env::start(FakeOptions {
            express_polls_until_public: 0,
            express_drain_polls: 0,
            harness_polls_until_ready: 1,
        })
        .await;
        let ecs = env.ecs();
        let exec = env.role("exec", "ecs-tasks.amazonaws.com").await;
        let infra = env.role("infra", "ecs.amazonaws.com").await;

        // No default cluster in moto yet.
        let err = ecs
            .create_express_gateway_service()
            .service_name("mcp")
            .execution_role_arn(&exec)
            .infrastructure_role_arn(&infra)
            .primary_container(container("img", &[]))
            .send()
            .await
            .expect_err("no cluster");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_cluster_not_found_exception()),
            "{err:?}"
        );
        ecs.create_cluster()
            .cluster_name("default")
            .send()
            .await
            .expect("default cluster");

        for (missing, request) in [
            (
                "executionRoleArn",
                ecs.create_express_gateway_service()
                    .service_name("a")
                    .infrastructure_role_arn(&infra)
                    .primary_container(container("img", &[])),
            ),
            (
                "infrastructureRoleArn",
                ecs.create_express_gateway_service()
                    .service_name("a")
                    .execution_role_arn(&exec)
                    .primary_container(container("img", &[])),
            ),
            (
                "primaryContainer.image",
                ecs.create_express_gateway_service()
                    .service_name("a")
                    .execution_role_arn(&exec)
                    .infrastructure_role_arn(&infra),
            ),
        ] {
            let err = request.send().await.expect_err(missing);
            let service_err = err.as_service_error().expect("service error");
            assert!(
                service_err.is_invalid_parameter_exception(),
                "{missing}: {err:?}"
            );
            let message = service_err.meta().message().unwrap_or_default();
            assert!(message.contains(missing), "{missing}: {message}");
        }

        // ARM64 and the default cluster; with 0 polls the endpoint is there at once.
        let created = ecs
            .create_express_gateway_service()
            .service_name("arm")
            .execution_role_arn(&exec)
            .infrastructure_role_arn(&infra)
            .cpu_architecture(ExpressCpuArchitecture::Arm64)
            .primary_container(container("img", &[]))
            .send()
            .await
            .expect("create");
        let service = created.service().expect("service");
        assert!(public_endpoint(service).is_some());
        assert_eq!(
            service.active_configurations()[0].cpu_architecture(),
            Some(&ExpressCpuArchitecture::Arm64)
        );
        let arn = service.service_arn().expect("arn").to_owned();
        assert_eq!(
            arn,
            "arn:aws:ecs:us-east-1:123456789012:service/default/arm"
        );

        let unknown = "arn:aws:ecs:us-east-1:123456789012:service/default/nope";
        let err = ecs
            .describe_express_gateway_service()
            .service_arn(unknown)
            .send()
            .await
            .expect_err("unknown");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception()),
            "{err:?}"
        );
        let err = ecs
            .update_express_gateway_service()
            .service_arn(unknown)
            .health_check_path("/x")
            .send()
            .await
            .expect_err("unknown");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_service_not_found_exception()),
            "{err:?}"
        );
        let err = ecs
            .delete_express_gateway_service()
            .service_arn(unknown)
            .send()
            .await
            .expect_err("unknown");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_service_not_found_exception()),
            "{err:?}"
        );

        // With 0 drain polls the first poll after the delete sees INACTIVE, and the name is free.
        ecs.delete_express_gateway_service()
            .service_arn(&arn)
            .send()
            .await
            .expect("delete");
        let err = ecs
            .delete_express_gateway_service()
            .service_arn(&arn)
            .send()
            .await
            .expect_err("delete twice");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_service_not_active_exception()),
            "{err:?}"
        );
        let gone = ecs
            .describe_express_gateway_service()
            .service_arn(&arn)
            .send()
            .await
            .expect("describe");
        assert_eq!(
            status(gone.service().expect("service")),
            ExpressGatewayServiceStatusCode::Inactive
        );
        ecs.create_express_gateway_service()
            .service_name("arm")
            .execution_role_arn(&exec)
            .infrastructure_role_arn(&infra)
            .primary_container(container("img:2", &[]))
            .send()
            .await
            .expect("re-create after INACTIVE");

        // A service name the fake does not own still goes to moto.
        let described = ecs
            .describe_services()
            .services("classic")
            .send()
            .await
            .expect("describe");
        assert!(described.services().is_empty());
        assert_eq!(described.failures().len(), 1);
        assert_eq!(described.failures()[0].reason(), Some("MISSING"));
    })
    .await;
}
