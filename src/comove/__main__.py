from comove.cli.main import main

raise SystemExit(main())
