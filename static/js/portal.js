// Progressive enhancement for the portal. Every page works without this file;
// it only adds behaviour on top of server-rendered HTML.
//
// A feature marks its root element with data-module="name" and registers an
// enhancer below, e.g. `import { enhanceSteps } from './step-by-step.js';`
// then `'step-by-step': enhanceSteps`. Each enhancer gets its element.
import { enhanceRegionChooser } from './region-chooser.js';
import { enhanceRegionOffer } from './region-offer.js';
import { enhanceSteps } from './step-by-step.js';

const enhancers = {
  'region-chooser': enhanceRegionChooser,
  'region-offer': enhanceRegionOffer,
  'step-by-step': enhanceSteps,
};

function init(root = document) {
  // Lets CSS tell "JavaScript is running" apart from the no-JS baseline.
  document.documentElement.classList.add('js');
  // GOV.UK error summary pattern: move focus to the summary of a failed form.
  root.querySelector('.c-error-summary')?.focus();
  for (const element of root.querySelectorAll('[data-module]')) {
    const enhance = enhancers[element.dataset.module];
    if (!enhance || element.dataset.moduleReady) continue;
    try {
      enhance(element);
      element.dataset.moduleReady = 'true';
    } catch (error) {
      // One broken enhancement must not stop the others; the HTML still works (and CSS
      // that waits for the enhancement, such as the steps laid out collapsed, lets go).
      element.dataset.moduleReady = 'failed';
      console.error(`portal: could not enhance "${element.dataset.module}"`, error);
    }
  }
}

// Module scripts run after the document is parsed, so the DOM is ready here.
init();

export { init };
