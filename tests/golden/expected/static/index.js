// data/index.json, fetched once for the scripts that need every draw (draws.js, score.js). Each row
// becomes an object named by the file's own "fields", so that no script depends on their order.
window.drawIndex = window.drawIndex || (function () {
  var loading = {};
  return function (url) {
    loading[url] = loading[url] || fetch(url).then(function (answer) { return answer.json(); }).then(function (data) {
      data.draws = data.rows.map(function (row) {
        var draw = {};
        data.fields.forEach(function (name, i) { draw[name] = row[i]; });
        return draw;
      });
      return data;
    });
    return loading[url];
  };
})();
