(function () {
  function show(item) {
    document.querySelectorAll('tr.highlight').forEach(function (row) { row.classList.remove('highlight'); });
    var ids = (item.getAttribute('data-targets') || '').split(' ').filter(Boolean);
    ids.forEach(function (id, i) {
      var row = document.getElementById(id);
      if (!row) { return; }
      var box = row.closest('details');
      if (box) { box.open = true; }
      row.classList.add('highlight');
      if (i === 0) { row.scrollIntoView({block: 'center'}); }
    });
  }
  document.querySelectorAll('.summary-sentence').forEach(function (item) {
    item.addEventListener('click', function (event) {
      if (event.target.closest('a')) { return; }
      show(item);
    });
    item.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); show(item); }
    });
  });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (box) { box.open = true; });
  });
})();
