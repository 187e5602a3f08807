// The contact enrichment page: plain JavaScript, no build step, no third-party code.
// It talks only to the API it was served by (and to the upload link the API hands out).
//
// Why ES modules: the browser loads each part of the page as its own file (js/*.js, one concern
// each), so the source is split with no bundler and what is served is exactly what is in Web/.
// WebPage serves a fixed list of these files; a module script is deferred and strict by default.
import { watch } from './js/job.js';
import { initRecent } from './js/recent.js';
import { loadProviders, renderKeyState } from './js/settings.js';
import './js/upload.js';

renderKeyState();
initRecent(watch);
loadProviders();
