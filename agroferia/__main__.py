from agroferia.cli import main

raise SystemExit(main())
