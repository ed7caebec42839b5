// The checklist for the counter (templates/guides/checklist.html). Its page is kept on the
// server for everyone, so what belongs to one reader is added here, in their browser:
// - the ticks, remembered in this browser only (localStorage, one entry per page address)
//   and never sent anywhere; without this script the boxes are plain checkboxes;
// - the day the paper copy is printed and the address it is printed from; without this
//   script the paper has a blank for the day and the address the server knows.
const KEY = `portal-checklist:${location.pathname}`;

function remembered() {
  try {
    return new Set(JSON.parse(localStorage.getItem(KEY)) || []);
  } catch {
    return new Set(); // storage refused (private browsing) or unreadable: start afresh
  }
}

// Whether the ticks could be kept: false where storage is refused or full, and then the
// boxes still tick, they are only not remembered.
function remember(values) {
  try {
    if (values.length) localStorage.setItem(KEY, JSON.stringify(values));
    else localStorage.removeItem(KEY);
    return true;
  } catch {
    return false;
  }
}

function enhanceTicks(form) {
  const boxes = [...form.querySelectorAll('input[type="checkbox"]')];
  const ticked = remembered();
  for (const box of boxes) box.checked = ticked.has(box.value);
  const keep = () => remember(boxes.filter((box) => box.checked).map((box) => box.value));
  form.addEventListener('change', keep);
  // "Clear ticks" is the form's reset button: the browser unticks the boxes.
  form.addEventListener('reset', () => remember([]));
  // Say that ticks are kept only where they can be.
  if (keep()) form.querySelector('[data-checklist-kept]')?.removeAttribute('hidden');
}

function enhancePrinted(foot) {
  const address = foot.querySelector('[data-printed-address]');
  const day = foot.querySelector('[data-printed-date]');
  const chinese = document.documentElement.lang.toLowerCase().startsWith('zh');
  // As the pages write dates: 2027年3月5日, or 5 March 2027.
  const format = new Intl.DateTimeFormat(chinese ? 'zh-CN' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const stamp = () => {
    // The address as this reader has it, without what the page does not read.
    address.dataset.url = location.origin + location.pathname;
    day.textContent = format.format(new Date());
  };
  stamp();
  window.addEventListener('beforeprint', stamp); // a page left open since yesterday
}

const form = document.querySelector('[data-checklist]');
if (form) enhanceTicks(form);
const foot = document.querySelector('.c-checklist-printed');
if (foot) enhancePrinted(foot);
