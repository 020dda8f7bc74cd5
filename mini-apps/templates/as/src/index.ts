// __APP_NAME__: the HTTP API of the app. The node calls the exported "handle" for every
// request to /apps/__APP_ID__/api/...; the router picks the function by method and path.
import { JsonValue, Request, Response, Router, kv } from "../sdk";

// GET /hello?name=Ada -> {"message":"Hello, Ada!","visits":N}
function hello(req: Request): Response {
  const given = req.queryParam("name");
  const name = given === null || given.length == 0 ? "world" : given;
  if (name.length > 100) return Response.error(400, "name is longer than 100 characters");
  const before = kv.getString("visits");
  const visits = (before === null ? 0 : I32.parseInt(before)) + 1;
  kv.putString("visits", visits.toString());
  return Response.json(
    JsonValue.obj()
      .set("message", JsonValue.str("Hello, " + name + "!"))
      .set("visits", JsonValue.num(visits)),
  );
}

const router = new Router().get("/hello", hello);

export function handle(): i32 {
  return router.serve();
}
