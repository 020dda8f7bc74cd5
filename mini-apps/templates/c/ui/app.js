// The page is served from /apps/<id>/. app-api.js (from the SDK) reaches the app's own API both
// inside a desktop window (through the desktop, which holds the session) and opened on its own.
import { api } from "./app-api.js";

const form = document.getElementById("form");
const answer = document.getElementById("answer");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = document.getElementById("name").value;
  try {
    const body = await api("GET", "hello?name=" + encodeURIComponent(name));
    answer.textContent = `${body.message} (visit ${body.visits})`;
  } catch (e) {
    answer.textContent = e.message;
  }
});
