// GOV.UK-style step-by-step navigation: each step's panel collapses behind a
// button in its heading, and one button shows or hides all steps. Without
// JavaScript every step is simply shown.

export function enhanceSteps(list) {
  // The words come from the page, in its language (data-show, data-hide, …).
  const words = {
    show: list.dataset.show || 'Show',
    hide: list.dataset.hide || 'Hide',
    showAll: list.dataset.showAll || 'Show all steps',
    hideAll: list.dataset.hideAll || 'Hide all steps',
  };
  const steps = [...list.querySelectorAll('.c-steps__step')];
  const toggles = [];

  for (const step of steps) {
    const title = step.querySelector('.c-steps__title');
    const panel = step.querySelector('.c-steps__panel');
    if (!title || !panel) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'c-steps__toggle';
    button.setAttribute('aria-controls', panel.id);
    while (title.firstChild) button.append(title.firstChild);
    const hint = document.createElement('span');
    hint.className = 'c-steps__toggle-hint';
    button.append(hint);
    title.append(button);
    toggles.push({ step, button, panel, hint });
    button.addEventListener('click', () => {
      setOpen(toggles.find((t) => t.button === button), panel.hidden);
      updateShowAll();
    });
  }
  if (!toggles.length) return;

  const showAll = document.createElement('button');
  showAll.type = 'button';
  showAll.className = 'c-steps__show-all c-link-button';
  showAll.setAttribute('aria-controls', toggles.map((t) => t.panel.id).join(' '));
  list.before(showAll);
  showAll.addEventListener('click', () => {
    const open = !toggles.every((t) => !t.panel.hidden);
    for (const toggle of toggles) setOpen(toggle, open);
    updateShowAll();
  });

  function setOpen(toggle, open) {
    toggle.panel.hidden = !open;
    toggle.button.setAttribute('aria-expanded', String(open));
    toggle.hint.textContent = open ? words.hide : words.show;
  }

  function updateShowAll() {
    const allOpen = toggles.every((t) => !t.panel.hidden);
    showAll.textContent = allOpen ? words.hideAll : words.showAll;
    showAll.setAttribute('aria-expanded', String(allOpen));
  }

  // A link to a step, or to something inside one, opens that step.
  function openTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    for (const toggle of toggles) {
      if (target && toggle.step.contains(target)) setOpen(toggle, true);
    }
    updateShowAll();
  }

  for (const toggle of toggles) setOpen(toggle, false);
  openTarget();
  window.addEventListener('hashchange', openTarget);
}
