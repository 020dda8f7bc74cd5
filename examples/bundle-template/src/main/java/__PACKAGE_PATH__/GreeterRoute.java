package __PACKAGE__;

import io.elastos.api.identity.Session;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * An HTTP route of the bundle, {@code GET /ext/__BSN__/hello}: under {@code /ext/<symbolic
 * name>/}, behind the node's access filter like every API (a session or the admin token), which
 * hands over who is calling.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/ext/__BSN__/*")
public class GreeterRoute extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"/hello".equals(req.getPathInfo())) {
            resp.sendError(404);
            return;
        }
        Object who = req.getAttribute(Session.REQUEST_ATTRIBUTE);
        String role = who instanceof Session s ? s.role().name().toLowerCase() : "unknown";
        resp.setContentType("application/json");
        resp.getWriter().write("{\"greeting\":\"Hello from __BSN__\",\"role\":\"" + role + "\"}");
    }
}
