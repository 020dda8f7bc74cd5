// The page is served from /apps/<id>/, so "api/..." reaches the app's handler.
const form = document.getElementById("form");
const answer = document.getElementById("answer");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = document.getElementById("name").value;
  const res = await fetch("api/hello?name=" + encodeURIComponent(name));
  const body = await res.json();
  answer.textContent = res.ok ? `${body.message} (visit ${body.visits})` : body.error;
});
