//! `atlas-endpoint search|show|scaffold …`: see `atlas_endpoint_cli::USAGE`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match atlas_endpoint_cli::run(&args) {
        Ok(text) => print!("{text}"),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(error.exit_code());
        }
    }
}
