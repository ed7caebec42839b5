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
      box.querySelector('[data-region-name]').textContent = province
        ? `${region.en}, ${province.en}`
        : region.en;
      box.querySelector('[data-region-short]').textContent = region.en;
      box.querySelector('[data-region-link]').href = `${box.dataset.guideUrl}${path}/`;
      box.hidden = false;
    })
    .catch((error) => console.error('portal: no region offer', error));
}
