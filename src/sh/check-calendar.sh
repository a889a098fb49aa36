#!/bin/sh
# check-calendar.sh PACKAGE_DIR [CALENDAR_DIR] - compares the shipped
# working-day calendars (conf/calendar/YYYY.ini) day by day with the npm
# package chinese-workday, an independent copy of the State Council's
# notices (2011 onwards), and prints every day on which they disagree.
#
#   npm install --prefix "$(mktemp -d)" chinese-workday
#   sh src/sh/check-calendar.sh THAT_DIR/node_modules/chinese-workday
#
# Known, explained differences are listed below and reported as such; any
# other difference makes the exit status 1.  Needs node; not part of
# `make check` (it needs the package from the network).
set -eu
pkg=${1:?usage: check-calendar.sh PACKAGE_DIR [CALENDAR_DIR]}
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${2:-$top/conf/calendar}
pkg=$(cd "$pkg" && pwd)
exec node - "$pkg" "$dir" <<'JS'
const fs = require('fs');
const path = require('path');
const [pkg, dir] = process.argv.slice(2);
// The package is an ES module ("type": "module"): its ESM build is imported.
import(path.join(pkg, 'dist', 'chinese-workday.esm.js')).then((cw) => {
// Explained differences: the package keeps the notice of November 2019; the State Council
// extended the 2020 Spring Festival to 2 February on 26 January 2020
// (国办发明电〔2020〕1号), which made 31 January a day off and cancelled the
// make-up working Saturday of 1 February.
const explained = {
  '2020-01-31': 'Spring Festival extended (国办发明电〔2020〕1号)',
  '2020-02-01': 'make-up working day cancelled by the extension',
  // 国办发明电〔2022〕16号: "元旦：2022年12月31日至2023年1月2日放假调休，共3天";
  // the package also lists Tuesday 3 January as a day off.
  '2023-01-03': 'the notice ends the New Year holiday on 2 January',
};
const iso = (d) => d.toISOString().slice(0, 10);
let bad = 0, days = 0, known = 0;
for (const file of fs.readdirSync(dir).filter((f) => /^\d{4}\.ini$/.test(f)).sort()) {
  const year = Number(file.slice(0, 4));
  const off = new Set(), on = new Set();
  let section = '';
  for (const raw of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
    const line = raw.replace(/;.*/, '').trim();
    const s = line.match(/^\[(.*)\]$/);
    if (s) { section = s[1]; continue; }
    const m = line.match(/^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?\s*=/);
    if (!m) continue;
    const to = new Date((m[2] || m[1]) + 'T00:00:00Z');
    for (let d = new Date(m[1] + 'T00:00:00Z'); d <= to; d.setUTCDate(d.getUTCDate() + 1))
      (section === 'holidays' ? off : on).add(iso(d));
  }
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year;
       d.setUTCDate(d.getUTCDate() + 1)) {
    const day = iso(d), dow = d.getUTCDay();
    const ours = on.has(day) || (dow !== 0 && dow !== 6 && !off.has(day));
    const theirs = cw.isWorkday(day);
    days++;
    if (ours === theirs) continue;
    const what = `${day}: ours ${ours ? 'working' : 'off'}, chinese-workday ${theirs ? 'working' : 'off'}`;
    if (explained[day]) { known++; console.log(`explained ${what} (${explained[day]})`); }
    else { bad++; console.log(`DIFFERS   ${what}`); }
  }
}
console.log(`${days} days compared, ${bad} unexplained difference(s), ${known} explained`);
process.exit(bad ? 1 : 0);
});
JS
