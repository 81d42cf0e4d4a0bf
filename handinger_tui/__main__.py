from handinger_tui.cli import main

raise SystemExit(main())
