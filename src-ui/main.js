// Loads the wasm UI. Kept as a file (not inline) so the CSP can forbid inline scripts.
// If the UI cannot start, say so in the window instead of leaving it blank, and keep the
// errors where an end-to-end test or a developer can read them.
import init from './kompas_ui.js';

window.__kompasErrors = [];
const originalError = console.error;
console.error = (...parts) => {
  window.__kompasErrors.push(parts.map(String).join(' '));
  originalError(...parts);
};

init().catch((error) => {
  window.__kompasErrors.push(String(error));
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent =
    'Kwaliteitskompas kon niet starten. Sluit de app en open hem opnieuw; ' +
    'lukt het dan nog niet, installeer de app opnieuw. (' + error + ')';
  document.body.append(message);
});
