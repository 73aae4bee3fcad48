//! Opens one window with a static page; exits as soon as the page reports it was painted.
//! The start-up benchmark compares Kwaliteitskompas with this.

#[tauri::command]
fn painted(app: tauri::AppHandle) {
    // The benchmark times the start up to this line, as it does for the app's own.
    eprintln!("bare-window: painted");
    app.exit(0);
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .run(tauri::generate_context!())
        .expect("the bare window could not start");
}
