"""``recours serve``: the site behind gunicorn, a production-grade WSGI server."""


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "serve",
        help="serve the site with gunicorn",
        description="Serve the Recours site with gunicorn. Put a TLS proxy in front in production.",
    )
    add_server_arguments(parser)
    parser.set_defaults(handler=handle)


def add_server_arguments(parser):
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")


def handle(args):
    serve(args.host, args.port, args.workers)
    return 0


def serve(host, port, workers):
    from gunicorn.app.base import BaseApplication

    from recours.commands.django import setup_django

    setup_django()
    from recours.site.wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", None)  # access logs would record case URLs; audit covers it
            self.cfg.set("forwarded_allow_ips", "127.0.0.1")

        def load(self):
            return application

    Server().run()
