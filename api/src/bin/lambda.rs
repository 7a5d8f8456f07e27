//! The same router as an AWS Lambda function (`cargo build -p api --features lambda --bin lambda`).
//! Configuration comes from the environment exactly as for the server; `HJ_JWT_SECRET` must
//! be set (a Lambda's file system does not persist a generated key).

use api::platform::config::Config;
use clap::Parser;

#[derive(Parser)]
struct Lambda {
    #[command(flatten)]
    config: Config,
}

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    let config = Lambda::parse_from(["lambda"]).config;
    api::platform::telemetry::init(&config.log, "json");
    let state = api::build_state(config).await?;
    lambda_http::run(api::router(state)).await
}
