// Reports after the first frame with content, like the app does for its first section.
requestAnimationFrame(() => window.__TAURI__.core.invoke('painted'));
