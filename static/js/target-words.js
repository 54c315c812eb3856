/* The target editor in the admin says the target as the document writes it ("từ 1.500 trở lên mỗi năm"),
   updated while the comparator, value, measure, scale or timing are edited. The phrases come translated
   from the page (data attributes of #target-in-words); without this script the saved wording still shows.
   The admin loads it in the page's head: it waits for the form. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var output = document.getElementById("target-in-words");
  if (!output) {
    return;
  }
  var phrases = JSON.parse(output.dataset.phrases);
  function field(name) {
    return document.getElementById("id_" + name);
  }
  function render() {
    var comparator = field("comparator"), value = field("value"), measure = field("measure");
    var scale = field("ratio_scale"), timing = field("timing");
    if (!comparator || !value || !value.value.trim()) {
      return;
    }
    var shown = value.value.trim();
    if (measure && measure.value === "ratio" && scale && scale.value === "100") {
      shown += " %";
    }
    var words = phrases.comparators[comparator.value].replace("%(v)s", shown);
    if (measure && measure.value === "flow_total") {
      words = phrases.yearly.replace("%(goal)s", words);
    }
    if (timing && timing.value === "year_end") {
      words = phrases.year_end.replace("%(goal)s", words);
    }
    output.textContent = words;
  }
  ["comparator", "value", "measure", "ratio_scale", "timing"].forEach(function (name) {
    var element = field(name);
    if (element) {
      element.addEventListener("input", render);
      element.addEventListener("change", render);
    }
  });
  render();
});
