// Reports once the first frame with content has been painted, like the app does for its
// first section: a frame callback runs before that frame is painted, so report from the
// next one.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI__.core.invoke('painted')));
