// On a national guide, offer the region the citizen chose last time (kept in
// the portal_region cookie by the chooser). Offered, never forced: the page
// itself stays the same for everyone, so it can be cached.
import { loadRegions } from './regions.js';

export function enhanceRegionOffer(box) {
  const match = document.cookie.match(/(?:^|;\s*)portal_region=([1-9][0-9]{5})(?:;|$)/);
  if (!match) return;
  loadRegions(box.dataset.regionsUrl)
    .then((regions) => {
      const region = regions.byCode.get(match[1]);
      if (!region) return;
      const province = regions.byCode.get(region.parent);
      const path = province ? `${province.code}/${region.code}` : region.code;
      // Names in the page's language: 广东省深圳市, or Shenzhen, Guangdong.
      const chinese = document.documentElement.lang.toLowerCase().startsWith('zh');
      const name = (place) => (chinese ? place.zh : place.en);
      let full = name(region);
      if (province) full = chinese ? `${province.zh}${region.zh}` : `${region.en}, ${province.en}`;
      box.querySelector('[data-region-name]').textContent = full;
      box.querySelector('[data-region-short]').textContent = name(region);
      box.querySelector('[data-region-link]').href = `${box.dataset.guideUrl}${path}/`;
      box.hidden = false;
    })
    .catch((error) => console.error('portal: no region offer', error));
}
