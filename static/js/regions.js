// Every region's code, province and names, fetched once per page from
// /regions/index.json (a list of [code, parentCode, nameZh, nameEn]).

const loaded = new Map();

function index(rows) {
  const byCode = new Map();
  for (const [code, parent, zh, en] of rows) byCode.set(code, { code, parent, zh, en });
  const all = [...byCode.values()];
  return {
    byCode,
    provinces: all.filter((region) => !region.parent),
    citiesOf: (code) => all.filter((region) => region.parent === code),
    // "Shenzhen, Guangdong · 广东省深圳市": both languages, so typing either finds it,
    // the page's language first.
    label(region) {
      const province = byCode.get(region.parent);
      const en = province ? `${region.en}, ${province.en}` : region.en;
      const zh = province ? `${province.zh}${region.zh}` : region.zh;
      const chinese = document.documentElement.lang.toLowerCase().startsWith('zh');
      return chinese ? `${zh} · ${en}` : `${en} · ${zh}`;
    },
    all,
  };
}

export function loadRegions(url) {
  if (!loaded.has(url)) {
    loaded.set(
      url,
      fetch(url, { headers: { Accept: 'application/json' } })
        .then((response) => {
          if (!response.ok) throw new Error(`${url}: ${response.status}`);
          return response.json();
        })
        .then((data) => index(data.regions)),
    );
  }
  return loaded.get(url);
}
