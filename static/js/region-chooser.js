// The region chooser works as a plain form: choose a province and submit,
// then a city. With JavaScript the city list follows the province at once,
// and the name field suggests places in Chinese or English as they are typed
// (a native <datalist>, so the browser provides the accessible listbox).
import { loadRegions } from './regions.js';

export function enhanceRegionChooser(form) {
  const { province, city, place } = form.elements;
  if (!province || !city || !place) return;
  let regions = null;
  const load = () => loadRegions(form.dataset.regionsUrl).then((data) => (regions = data));

  function showCitiesOf(code, selected = '') {
    const whole = city.options[0];
    city.replaceChildren(whole);
    for (const region of regions.citiesOf(code)) {
      city.append(new Option(`${region.en} ${region.zh}`, region.code));
    }
    city.value = selected;
  }

  province.addEventListener('change', () => {
    load().then(() => showCitiesOf(province.value));
  });

  const suggestions = document.createElement('datalist');
  suggestions.id = `${place.id}-suggestions`;
  form.append(suggestions);
  place.setAttribute('list', suggestions.id);
  place.setAttribute('autocomplete', 'off');
  place.addEventListener(
    'focus',
    () =>
      load().then(() => {
        if (suggestions.options.length) return;
        for (const region of regions.all) {
          const label = regions.label(region);
          suggestions.append(new Option(label, label));
        }
      }),
    { once: true },
  );

  // A suggestion picked from the list is an exact place: submit it as the
  // lists would, so the server need not interpret the label.
  form.addEventListener('submit', () => {
    if (!regions || !place.value) return;
    const picked = regions.all.find((region) => regions.label(region) === place.value.trim());
    if (!picked) return;
    province.value = picked.parent || picked.code;
    showCitiesOf(province.value, picked.parent ? picked.code : '');
    place.value = '';
  });
}
